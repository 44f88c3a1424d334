// Runs axe-core (WCAG 2.0/2.1 A and AA rules) in headless Chromium over pages served by a running host.
// Input (stdin, JSON): { repoRoot, baseUrl, headers?, pages: [path] }.
// Output (stdout, JSON): [{ path, status, violations: [{ id, impact, help, nodes: [{ target, summary }] }] }]
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const require = createRequire(path.join(input.repoRoot, 'package.json'));
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const output = [];
try {
  // The workbench's policy rightly refuses the injected axe script; only this checking context bypasses it.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }, locale: 'zh-CN', bypassCSP: true, extraHTTPHeaders: input.headers ?? {},
  });
  const page = await context.newPage();
  for (const p of input.pages) {
    const response = await page.goto(input.baseUrl + p, { waitUntil: 'load' });
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    });
    output.push({ path: p, status: response ? response.status() : 0, violations });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(output));
