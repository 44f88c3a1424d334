// What the tests' browser scripts share: the request on stdin, the repo's pinned playwright-core and axe-core, and
// Debian's Chromium started headless without anything that reaches the network on its own (no updates, no sync).
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';

export function readRequest() {
  return JSON.parse(readFileSync(0, 'utf8'));
}

export function requireFromRepo(repoRoot) {
  return createRequire(path.join(repoRoot, 'package.json'));
}

export function launchChromium(repoRoot) {
  const { chromium } = requireFromRepo(repoRoot)('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Chromium and the path of axe-core's script, for the scripts that check pages with axe. */
export async function launch(repoRoot) {
  return { browser: await launchChromium(repoRoot), axePath: requireFromRepo(repoRoot).resolve('axe-core/axe.min.js') };
}
