// Runs the real /assets/search.js outside the browser page: in Node (its fetch against the test's HTTP server) or in
// Chromium (the search page itself). Usage:
//   node search-harness.js node <search.js> <siteUrl> <queries.json>
//   node search-harness.js browser <siteUrl> <query>
'use strict';
const fs = require('fs');
const vm = require('vm');

async function inNode(scriptPath, siteUrl, queriesPath) {
  vm.runInThisContext(fs.readFileSync(scriptPath, 'utf8'), { filename: scriptPath });
  const files = globalThis.DisclosureSearch.browserFiles(new URL(siteUrl));
  const queries = JSON.parse(fs.readFileSync(queriesPath, 'utf8'));
  const out = [];
  for (const q of queries) {
    const r = await globalThis.DisclosureSearch.search(q, files, 1, 20);
    out.push({ query: q, mode: r.mode, total: r.total, exact: r.exact, ordinals: r.ordinals, hits: r.hits.map((h) => h.ordinal), attachments: r.hits.map((h) => h.attachment),
      metas: r.hits.map((h) => [h.meta.t, h.meta.u, h.meta.i, h.meta.d, h.meta.c, h.meta.n]), filesRead: r.filesRead });
  }
  return out;
}

async function inBrowser(siteUrl, query) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { const u = new URL(r.url()); requests.push(u.pathname + u.search); });
    page.on('dialog', (d) => { errors.push('dialog: ' + d.message()); d.dismiss(); });
    await page.goto(new URL('search/index.html?q=' + encodeURIComponent(query), siteUrl).toString());
    await page.waitForFunction(() => {
      const s = document.getElementById('search-status');
      return s && s.textContent && !s.textContent.startsWith('正在检索');
    }, null, { timeout: 15000 });
    const result = await page.evaluate(() => ({
      status: document.getElementById('search-status').textContent,
      titles: Array.from(document.querySelectorAll('#search-results > li > a')).map((a) => a.textContent),
      hrefs: Array.from(document.querySelectorAll('#search-results > li > a')).map((a) => a.getAttribute('href')),
      attachments: Array.from(document.querySelectorAll('#search-results > li > .search-attachment')).map((p) => p.textContent),
      elementsInsideTitles: document.querySelectorAll('#search-results > li > a *').length,
      input: (document.querySelector('input[name="q"]') || {}).value,
    }));
    result.errors = errors;
    result.requests = requests;
    return result;
  } finally {
    await browser.close();
  }
}

(async () => {
  const [mode, ...args] = process.argv.slice(2);
  const result = mode === 'node' ? await inNode(args[0], args[1], args[2]) : await inBrowser(args[0], args[1]);
  process.stdout.write(JSON.stringify(result));
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
