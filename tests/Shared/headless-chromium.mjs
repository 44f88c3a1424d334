// What the tests' browser scripts share: the request on stdin, the repo's pinned playwright-core and axe-core, and
// Debian's Chromium started headless without anything that reaches the network on its own.
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';

export function readRequest() {
  return JSON.parse(readFileSync(0, 'utf8'));
}

export async function launch(repoRoot) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, axePath: require.resolve('axe-core/axe.min.js') };
}
