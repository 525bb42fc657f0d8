// screenshots.mjs: the documentation's pictures of the main pages, as a
// visitor sees them, at 390 px (a phone) and 1280 px (a laptop):
// docs/screenshots/NAME-390.png and NAME-1280.png (the first screenful of
// each page, not the whole length, so the files stay small). Run by
// scripts/screenshots, which starts a server on a fresh demo database
// (E2E_BASE); never by the test suite, so a test run changes no file.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BASE = process.env.E2E_BASE;
const OUT = join(process.env.E2E_ROOT || '.', 'docs/screenshots');
mkdirSync(OUT, { recursive: true });

export const PAGES = [
  ['board', '/'],
  ['body', '/bodies/met'],
  ['engage', '/engage'],
  ['timeline', '/timeline'],
  ['letter', '/letters/1.html'],
];
const WIDTHS = [[390, 844], [1280, 800]];

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
    '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
});
let failed = 0;
try {
  for (const [width, height] of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, path] of PAGES) {
      const r = await page.goto(`${BASE}${path}`);
      if (r.status() !== 200) {
        console.error(`GET ${path} gave ${r.status()}`);
        failed++;
        continue;
      }
      const file = join(OUT, `${name}-${width}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.exitCode = failed ? 1 : 0;
