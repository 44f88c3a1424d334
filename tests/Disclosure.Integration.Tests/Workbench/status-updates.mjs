// Opens an item's status page in headless Chromium under the page's own Content-Security-Policy while the check has not
// run, and reports what a person sees: whether the page reloaded itself, whether its script fetched the status again
// and kept the update control, and what the live region says after the stop button.
// Input (stdin, JSON): { repoRoot, url, headers, waitMs }. Output (stdout, JSON):
// { navigations, statusFetches, autoVisible, liveAfterStop, autoVisibleAfterStop, fetchesAfterStop, cspViolations: [text] }.
import path from 'node:path';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const { launchChromium } = await import(path.join(input.repoRoot, 'tests', 'Shared', 'headless-chromium.mjs'));
const browser = await launchChromium(input.repoRoot);
try {
  const context = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: input.headers });
  const page = await context.newPage();
  const cspViolations = [];
  page.on('console', (m) => { if (m.text().includes('Content Security Policy')) cspViolations.push(m.text()); });
  let navigations = 0;
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
  let statusFetches = 0;
  page.on('request', (r) => { if (r.resourceType() === 'fetch') statusFetches++; });
  await page.goto(input.url, { waitUntil: 'load' });
  await page.waitForTimeout(input.waitMs);
  const autoVisible = await page.isVisible('#check-auto');
  await page.click('#check-stop');
  const fetchesAtStop = statusFetches;
  await page.waitForTimeout(input.waitMs);
  process.stdout.write(JSON.stringify({
    navigations, statusFetches: fetchesAtStop, autoVisible, cspViolations,
    liveAfterStop: await page.textContent('#check-live'),
    autoVisibleAfterStop: await page.isVisible('#check-auto'),
    fetchesAfterStop: statusFetches - fetchesAtStop,
  }));
} finally {
  await browser.close();
}
