// Opens an item's status page in headless Chromium under the page's own Content-Security-Policy while the check has not
// run, and reports what a person sees: whether the page reloaded itself, whether its script fetched the status again
// and kept the update control, and what the live region says after the stop button.
// Input (stdin, JSON): { repoRoot, url, headers, waitMs, until? }. Output (stdout, JSON):
// { navigations, statusFetches, autoVisible, liveAfterStop, autoVisibleAfterStop, fetchesAfterStop, cspViolations: [text] }.
// With until: 'check-done' the person does not stop it: once the page is open the script says so ("# page-open" on
// stdout, so the test can let the check finish) and waits (up to untilMs, default 60 s) for the live region to speak;
// then it waits waitMs more to see whether the script still polls. Output (stdout, JSON):
// { navigations, before: { state, live }, after: { state, live }, statusFetches, autoVisibleAfter, fetchesAfterDone, cspViolations }.
import path from 'node:path';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const { launchChromium } = await import(path.join(input.repoRoot, 'tests', 'Shared', 'headless-chromium.mjs'));
const browser = await launchChromium(input.repoRoot);
let output;
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
  const seen = () => page.evaluate(() => ({
    state: document.querySelector('#item-state .state')?.textContent ?? '',
    live: document.getElementById('check-live')?.textContent ?? '',
  }));
  if (input.until === 'check-done') {
    const before = await seen();
    process.stdout.write('# page-open\n');
    await page.waitForFunction(() => (document.getElementById('check-live')?.textContent ?? '') !== '', null,
      { timeout: input.untilMs ?? 60000, polling: 200 });
    const after = await seen();
    const fetchesAtDone = statusFetches;
    await page.waitForTimeout(input.waitMs);
    output = {
      navigations, before, after, statusFetches: fetchesAtDone, cspViolations,
      autoVisibleAfter: await page.isVisible('#check-auto'),
      fetchesAfterDone: statusFetches - fetchesAtDone,
    };
  } else {
    await page.waitForTimeout(input.waitMs);
    const autoVisible = await page.isVisible('#check-auto');
    await page.click('#check-stop');
    const fetchesAtStop = statusFetches;
    await page.waitForTimeout(input.waitMs);
    output = {
      navigations, statusFetches: fetchesAtStop, autoVisible, cspViolations,
      liveAfterStop: await page.textContent('#check-live'),
      autoVisibleAfterStop: await page.isVisible('#check-auto'),
      fetchesAfterStop: statusFetches - fetchesAtStop,
    };
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(output));
