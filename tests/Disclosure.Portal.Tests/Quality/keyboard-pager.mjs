// Walks a 目录 page's pager with the keyboard only, in headless Chromium: Tab until the link asked for has focus,
// then Enter, as a visitor without a mouse would.
// Input (stdin, JSON): { repoRoot, baseUrl, path, selector }.
// Output (stdout, JSON): { tabs (presses until focus reached the link, -1 if never), outline (its computed outline
//   while focused), ariaCurrent (hrefs marked aria-current="page" on the page), landedOn (path after Enter) }.
import path from 'node:path';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
// The shared launcher lives in the repository; this script runs from the test's output folder.
const { launchChromium } = await import(path.join(input.repoRoot, 'tests', 'Shared', 'headless-chromium.mjs'));
const browser = await launchChromium(input.repoRoot);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(input.baseUrl + input.path, { waitUntil: 'load' });
  const ariaCurrent = await page.evaluate(() =>
    [...document.querySelectorAll('main [aria-current="page"]')].map(a => a.getAttribute('href')));
  let tabs = -1;
  let outline = '';
  for (let n = 1; n <= 400; n++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate((selector) => {
      const active = document.activeElement;
      if (!active || !active.matches(selector)) return null;
      const style = getComputedStyle(active);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    }, input.selector);
    if (found !== null) {
      tabs = n;
      outline = found;
      break;
    }
  }
  let landedOn = '';
  if (tabs > 0) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    landedOn = new URL(page.url()).pathname;
  }
  process.stdout.write(JSON.stringify({ tabs, outline, ariaCurrent, landedOn }));
} finally {
  await browser.close();
}
