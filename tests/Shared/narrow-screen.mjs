// Opens pages in headless Chromium at a phone's viewport and reports what a person would see go wrong there.
// Input (stdin, JSON): { repoRoot, baseUrl, viewports: [{ width, height }], headers?, pages: [path] }: one browser for
// every viewport, a context per viewport (a browser per viewport cost a Chromium start each).
// Output (stdout, JSON): [{ path, status, width, scrollWidth, gaps: [{ label, gap, line }], broken: [{ text, height, line }] }],
//   the pages of the first viewport, then of the next.
//   scrollWidth: the page's width (more than the viewport means sideways scrolling);
//   gaps: a definition term whose value starts more than one line below it;
//   broken: a short word in a table cell (a state name such as 已提交) split over two lines.
import { readFileSync } from 'node:fs';
import { launchChromium } from './headless-chromium.mjs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const browser = await launchChromium(input.repoRoot);
const output = [];
try {
  for (const viewport of input.viewports) {
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height }, locale: 'zh-CN', extraHTTPHeaders: input.headers ?? {},
    });
    const page = await context.newPage();
    for (const p of input.pages) {
      const response = await page.goto(input.baseUrl + p, { waitUntil: 'load' });
      const found = await page.evaluate(() => {
        const lineOf = (el) => {
          const style = getComputedStyle(el);
          const line = parseFloat(style.lineHeight);
          return Number.isFinite(line) ? line : parseFloat(style.fontSize) * 1.2;
        };
        const gaps = [];
        for (const dt of document.querySelectorAll('dt')) {
          const dd = dt.nextElementSibling;
          if (!dd || dd.tagName !== 'DD') continue;
          // The text, not the boxes: a label whose box is stretched tall (flex-basis in a column) hides the gap.
          const textBox = (el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
          const gap = textBox(dd).top - textBox(dt).bottom;
          const line = lineOf(dd);
          if (gap > line) gaps.push({ label: dt.textContent.trim(), gap: Math.round(gap), line: Math.round(line) });
        }
        const broken = [];
        for (const cell of document.querySelectorAll('td, th')) {
          const text = cell.textContent.trim();
          if (text.length === 0 || text.length > 4 || /\s/.test(text)) continue;
          // The lines of the text itself: a bordered inline-block (a state badge) has its own box a border's width above
          // its text, which is not a second line.
          const lines = new Set();
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) if (r.width > 0) lines.add(Math.round(r.top));
          }
          if (lines.size > 1) broken.push({ text, lines: lines.size });
        }
        return { scrollWidth: document.documentElement.scrollWidth, gaps, broken };
      });
      output.push({ path: p, status: response ? response.status() : 0, width: viewport.width, ...found });
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(output));
