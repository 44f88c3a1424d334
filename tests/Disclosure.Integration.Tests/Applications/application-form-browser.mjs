// The public application form as a person uses it, in headless Chromium with JavaScript switched off: submit it empty
// (the errors must come back next to their fields), fill it in with an identity proof, submit, land on the status page.
// axe-core then checks the three pages (form, form with errors, status page) in a context that may inject it.
// Input (stdin, JSON): { repoRoot, baseUrl, pdfBase64 }.
// Output (stdout, JSON): { errorStatus, errorUrl, errors: [{ field, message, inSameField, describedBy, invalid }], summaryLinks,
//   landedStatus, landedUrl, landedText, axe: [{ path, violations }] }.
import { readRequest, launch } from '../../Shared/headless-chromium.mjs';

const input = readRequest();
const { browser, axePath } = await launch(input.repoRoot);
const output = { axe: [] };
try {
  // No JavaScript: what the form does, it must do as plain HTML.
  const noScript = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
  const page = await noScript.newPage();
  await page.goto(input.baseUrl + '/api/applications/new', { waitUntil: 'load' });

  const [emptyAnswer] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  output.errorStatus = emptyAnswer?.status() ?? 0;
  output.errorUrl = page.url();
  // Each message must sit in the same .field as its control, be named by the control's aria-describedby, and the
  // summary at the top must link to the control.
  output.errors = await page.$$eval('.error-message', (messages) => messages.map((m) => {
    const field = m.closest('.field');
    const id = m.id.replace(/-error$/, '');
    const control = document.getElementById(id);
    const described = control?.getAttribute('aria-describedby') ?? '';
    return {
      field: id, message: m.textContent.trim(), inSameField: !!field && !!control && field.contains(control),
      describedBy: described.split(' ').includes(m.id), invalid: control?.getAttribute('aria-invalid') ?? (control?.tagName === 'FIELDSET' ? 'fieldset' : ''),
    };
  }));
  output.summaryLinks = await page.$$eval('.error-summary a', (links) => links.map((a) => a.getAttribute('href')));
  const errorHtml = await page.content();

  await page.check('input[name=applicantKind][value=natural-person]');
  await page.fill('#f-name', '王小明');
  await page.selectOption('#f-idDocumentType', '居民身份证');
  await page.fill('#f-idDocumentNumber', '110108199209091234');
  await page.fill('#f-email', 'xiaoming@example.com');
  await page.fill('#f-informationSought', '本局2026年度科普经费使用情况');
  await page.check('input[name=deliveryForm][value=电子邮件]');
  await page.setInputFiles('#f-identityProof', { name: '身份证.pdf', mimeType: 'application/pdf', buffer: Buffer.from(input.pdfBase64, 'base64') });
  const [landed] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  output.landedStatus = landed?.status() ?? 0;
  output.landedUrl = page.url();
  output.landedText = await page.textContent('main') ?? await page.textContent('body');

  // axe over what the person saw, in a context allowed to inject it.
  const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', bypassCSP: true });
  const axePage = await axeContext.newPage();
  const targets = [
    ['form', async () => axePage.goto(input.baseUrl + '/api/applications/new', { waitUntil: 'load' })],
    ['form-with-errors', async () => axePage.setContent(errorHtml.replace('<head>', `<head><base href="${input.baseUrl}/">`), { waitUntil: 'load' })],
    ['status', async () => axePage.goto(output.landedUrl, { waitUntil: 'load' })],
  ];
  for (const [name, open] of targets) {
    await open();
    await axePage.addScriptTag({ path: axePath });
    const violations = await axePage.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
    output.axe.push({ path: name, violations });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(output));
