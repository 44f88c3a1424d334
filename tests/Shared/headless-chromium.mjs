// The Chromium the page tests drive: Debian's, through the repository's playwright-core, headless and quiet (no
// network of its own, no updates, no sync).
import { createRequire } from 'node:module';
import path from 'node:path';

export function requireFromRepo(repoRoot) {
  return createRequire(path.join(repoRoot, 'package.json'));
}

export function launchChromium(repoRoot) {
  const { chromium } = requireFromRepo(repoRoot)('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
