// session.spec.mjs: forms that do not lose work (issue #17 item 5) and the
// news release beside the letter (item 7), in a real browser. Run by
// tests/e2e/run like the other specs (E2E_BASE: a demo database with the
// user e2e-inspector).
//
// The inspector logs in through the header's link from a page with a query
// and comes back to it, query and all; drafts a news release for the Met,
// types a headline, and the session lapses before the form is sent (the
// browser's cookies are gone): sending it shows the login page, logging in
// again shows the form filled with what was typed, and sending it keeps the
// edit in the release. A visitor reads the Met's published release.
// Prints one TAP line per step.
import { chromium } from 'playwright-core';

const BASE = process.env.E2E_BASE;
let n = 0;
let failed = 0;

async function step(name, fn) {
  n += 1;
  try {
    await fn();
    console.log(`ok ${n} - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok ${n} - ${name}`);
    for (const line of String(e && e.stack ? e.stack : e).split('\n').slice(0, 6)) console.log(`  ${line}`);
  }
}

function check(cond, what) {
  if (!cond) throw new Error(what);
}

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForLoadState('load'), locator.click()]);
  await page.waitForLoadState('load');
}

async function logIn(page, user) {
  await page.fill('#f-username', user);
  await page.fill('#f-password', `password-${user}`);
  await clickAndWait(page, page.locator('form[action="/login"] button[type=submit]'));
}

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const typed = 'The Met leaves enhanced monitoring (typed before the session lapsed)';

try {
  await step("the header's Log in comes back to the page with its query", async () => {
    await page.goto(`${BASE}/recommendations?status=closed&body=met`);
    await clickAndWait(page, page.getByRole('link', { name: 'Log in', exact: true }));
    check(new URL(page.url()).pathname === '/login', `on the login page, not ${page.url()}`);
    await logIn(page, 'e2e-inspector');
    const url = new URL(page.url());
    check(url.pathname === '/recommendations' && url.searchParams.get('status') === 'closed'
      && url.searchParams.get('body') === 'met', `back on the filtered list, not ${page.url()}`);
  });

  await step('inspector: drafts a news release for the Met', async () => {
    await page.goto(`${BASE}/releases?body=met`);
    await page.fill('#f-body', 'met');
    await clickAndWait(page, page.getByRole('button', { name: 'Draft the news release' }));
    check(/^\/releases\/\d+$/.test(new URL(page.url()).pathname), `on the draft's page, not ${page.url()}`);
    check((await page.content()).includes('Draft (not published)'), 'marked as a draft');
  });

  await step('a session that expires mid-form keeps the input after logging in again', async () => {
    const draft = page.url();
    await page.fill('#f-headline-text', typed);
    // the session lapses while the form is being filled
    await context.clearCookies();
    await clickAndWait(page, page.getByRole('button', { name: 'Save headline' }));
    check((await page.content()).includes('what you typed is kept'), 'the login page says the input is kept');
    await logIn(page, 'e2e-inspector');
    check((await page.locator('h1').textContent()).includes('Send your form again'), 'the form again');
    check(await page.inputValue('#f-text') === typed, 'filled with what was typed');
    await clickAndWait(page, page.getByRole('button', { name: 'Send the form' }));
    check(page.url().startsWith(draft), `back on the draft, not ${page.url()}`);
    check(await page.locator('article.release h1').textContent() === typed, 'the edit is kept');
    check((await page.content()).includes('History of the draft'), 'in the history of the draft');
  });

  await step("a visitor reads the Met's published news release", async () => {
    const visitor = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const p = await visitor.newPage();
    await p.goto(`${BASE}/bodies/met`);
    await clickAndWait(p, p.getByRole('link', { name: 'News releases about this body', exact: true }));
    await clickAndWait(p, p.getByRole('link', { name: 'Metropolitan Police Service removed from enhanced monitoring' }));
    const text = await p.locator('article.release').textContent();
    check(text.includes('Sir Andy Cooke has decided to remove the Metropolitan Police Service from Engage'),
      'the decision');
    check(text.includes('putting an audit process in place to identify victim-blaming language;'), 'an improvement');
    check(text.includes('Lee Freeman said:'), 'the quote');
    const wide = await p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    check(!wide, 'no sideways scrolling at 390 px');
    await visitor.close();
  });
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
