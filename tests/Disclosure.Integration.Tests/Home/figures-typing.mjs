// Types into the annual figures form in headless Chromium, under the page's own Content-Security-Policy, and reports
// what the page says as one types. Input (stdin, JSON): { repoRoot, url, headers, typing: [{ name, value }] }.
// Output (stdout, JSON): { live, resultTotal, rowTotal, cspViolations: [text] }.
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const require = createRequire(path.join(input.repoRoot, 'package.json'));
const { chromium } = require('playwright-core');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: input.headers });
  const page = await context.newPage();
  const cspViolations = [];
  page.on('console', (m) => { if (m.text().includes('Content Security Policy')) cspViolations.push(m.text()); });
  await page.goto(input.url, { waitUntil: 'load' });
  for (const t of input.typing) await page.fill(`input[name="${t.name}"]`, t.value);
  const result = await page.evaluate(() => ({
    live: document.getElementById('figures-live').textContent,
    resultTotal: document.getElementById('t3-ResultTotal-NaturalPersons').textContent,
    rowTotal: document.getElementById('t3-NewThisYear-Total').textContent,
  }));
  process.stdout.write(JSON.stringify({ ...result, cspViolations }));
} finally {
  await browser.close();
}
