// Types into the annual figures form in headless Chromium, under the page's own Content-Security-Policy, and reports
// what the page says as one types. Input (stdin, JSON): { repoRoot, url, headers, typing: [{ name, value }] }.
// Output (stdout, JSON): { live, resultTotal, rowTotal, cspViolations: [text] }.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const input = JSON.parse(readFileSync(0, 'utf8'));
const { launchChromium } = await import(path.join(input.repoRoot, 'tests', 'Shared', 'headless-chromium.mjs'));
const browser = await launchChromium(input.repoRoot);
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
