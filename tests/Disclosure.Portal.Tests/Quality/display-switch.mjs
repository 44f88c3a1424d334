// Clicks the portal's 大字版 and 高对比度 buttons in headless Chromium, as a visitor would, and reports what changed.
// Input (stdin, JSON): { repoRoot, baseUrl, path }.
// Output (stdout, JSON): { before, afterLarge, afterContrast, afterReload, afterOff }, each
//   { fontSize (px of the body text), color, background, htmlClass, pressed: { large, contrast } } ('' when a button is hidden).
import path from 'node:path';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
// The tests' one way to start Chromium (Debian's, headless, nothing reaching the network): the shared module in the
// repository's tests/Shared, found from repoRoot because this script runs from the test project's output folder.
const { launchChromium } = await import(path.join(input.repoRoot, 'tests', 'Shared', 'headless-chromium.mjs'));
const browser = await launchChromium(input.repoRoot);
try {
  // The pages' own Content-Security-Policy stays on: the switch must work under it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const state = () => page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const pressed = (name) => {
      const b = document.querySelector(`[data-display-toggle="${name}"]`);
      return b && !b.hidden ? b.getAttribute('aria-pressed') : '';
    };
    return {
      fontSize: parseFloat(body.fontSize), color: body.color, background: body.backgroundColor,
      htmlClass: document.documentElement.className, pressed: { large: pressed('large'), contrast: pressed('contrast') },
    };
  });
  const button = (name) => page.locator(`[data-display-toggle="${name}"]`);

  await page.goto(input.baseUrl + input.path, { waitUntil: 'load' });
  const before = await state();
  await button('large').click();
  const afterLarge = await state();
  await button('contrast').click();
  const afterContrast = await state();
  await page.reload({ waitUntil: 'load' });
  const afterReload = await state();
  await button('large').click();
  await button('contrast').click();
  const afterOff = await state();
  process.stdout.write(JSON.stringify({ before, afterLarge, afterContrast, afterReload, afterOff }));
} finally {
  await browser.close();
}
