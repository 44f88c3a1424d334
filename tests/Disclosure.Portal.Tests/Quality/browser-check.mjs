// Runs axe-core in headless Chromium over pages of a served portal, checks reflow at narrow widths and 200% text,
// and takes screenshots. Input (stdin, JSON): { repoRoot, baseUrl, paths, reflowPaths, screenshots: [{ path, file, width, prefs? }] }.
// Output (stdout, JSON): { axe: [{ path, mode, violations }], reflow: [{ path, mode, width, scrollWidth }], screenshots,
//   cspViolations: [{ path, text }] (what the pages' own Content-Security-Policy blocked while they loaded and ran) }.
import path from 'node:path';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
// The tests' one way to start Chromium, from the repository's tests/Shared (this script runs from the test project's
// output folder): one browser for the whole check, a context per kind of check.
const { launch } = await import(path.join(input.repoRoot, 'tests', 'Shared', 'headless-chromium.mjs'));
const { browser, axePath } = await launch(input.repoRoot);
const output = { axe: [], reflow: [], screenshots: [], cspViolations: [] };
const modes = {
  default: {},
  'large-text+high-contrast': { large: true, contrast: true },
};

try {
  // axe-core is injected as an inline script, which the pages' own policy rightly refuses: only this context bypasses
  // it; the reflow and screenshot contexts below load the pages under their policy and record what it blocked.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', bypassCSP: true });
  const page = await context.newPage();
  for (const [mode, prefs] of Object.entries(modes)) {
    await page.goto(input.baseUrl + '/index.html');
    await page.evaluate((p) => localStorage.setItem('portal-display', JSON.stringify(p)), prefs);
    for (const p of input.paths) {
      await page.goto(input.baseUrl + p, { waitUntil: 'load' });
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return {
          violations: r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
          })),
          passes: r.passes.length,
          htmlClass: document.documentElement.className,
        };
      });
      output.axe.push({ path: p, mode, ...result });
    }
  }

  // Reflow (WCAG 1.4.10) at a 320px phone, and 200% text (1.4.4): nothing may need sideways scrolling of the page;
  // wide tables scroll inside their own focusable region instead.
  for (const [mode, width, fontSize] of [['320px', 320, null], ['200%-text', 640, '200%']]) {
    const narrow = await browser.newContext({ viewport: { width, height: 800 }, locale: 'zh-CN' });
    const p2 = await narrow.newPage();
    let current = '';
    p2.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) output.cspViolations.push({ path: current, text: m.text() });
    });
    for (const p of input.reflowPaths) {
      current = p;
      await p2.goto(input.baseUrl + p, { waitUntil: 'load' });
      if (fontSize) await p2.evaluate((f) => { document.documentElement.style.fontSize = f; }, fontSize);
      const scrollWidth = await p2.evaluate(() => document.documentElement.scrollWidth);
      output.reflow.push({ path: p, mode, width, scrollWidth });
    }
    await narrow.close();
  }

  for (const shot of input.screenshots) {
    const ctx = await browser.newContext({ viewport: { width: shot.width, height: 900 }, locale: 'zh-CN' });
    const p3 = await ctx.newPage();
    if (shot.prefs) {
      await p3.goto(input.baseUrl + '/index.html');
      await p3.evaluate((p) => localStorage.setItem('portal-display', JSON.stringify(p)), shot.prefs);
    }
    await p3.goto(input.baseUrl + shot.path, { waitUntil: 'load' });
    await p3.screenshot({ path: shot.file, fullPage: true });
    output.screenshots.push(shot.file);
    await ctx.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(output));
