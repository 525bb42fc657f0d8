// forms.spec.mjs: the monitoring record kept through the pages, in a real
// browser (Debian's chromium driven by playwright-core). Run by tests/e2e/run,
// which starts the server (E2E_BASE) on a fresh demo database with the users
// e2e-inspector, e2e-kent (body kent) and e2e-essex (body essex).
//
// An inspector records an inspection with a cause of concern and a
// recommendation through the forms; Kent's user submits progress and claims
// the recommendation implemented; the inspector closes it and the cause of
// concern; Kent's user is refused Essex's record; the public pages need no
// login. Prints one TAP line per step.
import { chromium } from 'playwright-core';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BASE = process.env.E2E_BASE;
const ROOT = process.env.E2E_ROOT;
const SHOTS = join(ROOT, 'tests/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });

let n = 0;
let failed = 0;
const state = {};

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

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function submit(page) {
  await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type=submit]')]);
  await page.waitForLoadState('load');
}

async function login(page, user) {
  await page.goto(`${BASE}/login`);
  await page.fill('#f-username', user);
  await page.fill('#f-password', `password-${user}`);
  await submit(page);
  const me = await page.request.get(`${BASE}/api/v1/me`);
  check(me.status() === 200, `logged in as ${user} (GET /api/v1/me gave ${me.status()})`);
  check((await me.json()).username === user, `the session is ${user}'s`);
}

async function logout(page) {
  await page.goto(`${BASE}/logout`);
  await submit(page);
  const me = await page.request.get(`${BASE}/api/v1/me`);
  check(me.status() === 401, 'logged out');
}

/* The id at the end of the current /record/{entity}/{id} URL. */
function idOf(page, entity) {
  const m = new URL(page.url()).pathname.match(new RegExp(`^/record/${entity}/(\\d+)$`));
  check(m, `on a ${entity} page, not ${page.url()}`);
  return Number(m[1]);
}

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();

try {
  await step('the status board is public', async () => {
    const r = await page.goto(`${BASE}/`);
    check(r.status() === 200, `GET / gave ${r.status()}`);
    check(await page.locator('h1').count() > 0, 'a heading');
    check((await page.content()).includes('Kent'), 'Kent is on the board');
    // the README's picture (the board as a visitor sees it), refreshed on
    // request only, so a test run leaves the work tree as it was
    await page.screenshot({ path: join(SHOTS, 'board.png') });
    const readme = join(ROOT, 'docs/screenshot.png');
    if (process.env.E2E_UPDATE_SCREENSHOT === '1' || !existsSync(readme)) copyFileSync(join(SHOTS, 'board.png'), readme);
  });

  await step('the Engage list is public', async () => {
    const r = await page.goto(`${BASE}/engage`);
    check(r.status() === 200, `GET /engage gave ${r.status()}`);
  });

  await step('a form asks to log in first, then comes back', async () => {
    await page.goto(`${BASE}/record/inspections/new?body=kent`);
    check(new URL(page.url()).pathname === '/login', `sent to the login page, not ${page.url()}`);
    await page.fill('#f-username', 'e2e-inspector');
    await page.fill('#f-password', 'wrong password');
    await submit(page);
    check(await page.locator('#f-password-error').isVisible(), 'the error is next to the password');
    await shot(page, 'login-error');
    await page.fill('#f-password', 'password-e2e-inspector');
    await submit(page);
    check(page.url() === `${BASE}/record/inspections/new?body=kent`, `back on the form, not ${page.url()}`);
  });

  const kentInspections = async () =>
    (await (await page.request.get(`${BASE}/api/v1/inspections?body=kent&limit=1000`)).json()).count;

  await step('inspector: a bad date is shown next to its field and nothing is stored', async () => {
    const before = await kentInspections();
    await page.selectOption('#f-kind', 'peel');
    await page.fill('#f-title', 'PEEL 2025: Kent Police');
    await page.fill('#f-published_on', '2025-02-30');
    await submit(page);
    const err = page.locator('#f-published_on-error');
    check(await err.isVisible(), 'an error by the date');
    check((await err.textContent()).includes('must be a date'), 'it says what is wrong');
    check(await page.inputValue('#f-title') === 'PEEL 2025: Kent Police', 'the title is kept');
    check(await kentInspections() === before, 'nothing stored');
    await shot(page, 'form-error');
  });

  await step('inspector: records an inspection', async () => {
    await page.fill('#f-published_on', '2025-02');
    await page.fill('#f-summary', 'Crime recording needs to improve.');
    await submit(page);
    check((await page.content()).includes('The inspection is recorded.'), 'recorded');
    state.inspection = idOf(page, 'inspections');
  });

  await step('inspector: adds a cause of concern to it', async () => {
    await page.click('text=Add a cause of concern');
    await page.waitForLoadState('load');
    check(await page.inputValue('#f-inspection_id') === String(state.inspection), 'the inspection is chosen');
    await page.fill('#f-title', 'Crime data integrity');
    await page.fill('#f-text', 'The force does not record crime accurately.');
    await page.fill('#f-issued_on', '2025-02');
    await page.check('#f-accelerated');
    await submit(page);
    check((await page.content()).includes('The cause of concern is recorded.'), 'recorded');
    state.cause = idOf(page, 'causes-of-concern');
  });

  await step('inspector: adds a recommendation to the cause of concern', async () => {
    await page.click('text=Add a recommendation');
    await page.waitForLoadState('load');
    await page.fill('#f-number', '1');
    await page.fill('#f-addressee', 'Chief Constable');
    await page.fill('#f-text', 'Make sure crimes are recorded within 24 hours.');
    await page.fill('#f-issued_on', '2025-02-10');
    await page.fill('#f-original_deadline', '2025-08');
    await submit(page);
    check((await page.content()).includes('The recommendation is recorded.'), 'recorded');
    state.rec = idOf(page, 'recommendations');
    await shot(page, 'recommendation-recorded');
  });

  await step("inspector: records an inspection of Essex", async () => {
    await page.goto(`${BASE}/record/inspections/new?body=essex`);
    await page.selectOption('#f-kind', 'thematic');
    await page.fill('#f-title', 'Essex thematic');
    await submit(page);
    state.essex = idOf(page, 'inspections');
    await logout(page);
  });

  await step("Kent's user: submits a progress update", async () => {
    await login(page, 'e2e-kent');
    await page.goto(`${BASE}/record/recommendations/${state.rec}`);
    check(await page.locator('a', { hasText: /^Change$/ }).count() === 0, 'no way to change the recommendation itself');
    await page.click('text=Add a progress update');
    await page.waitForLoadState('load');
    await page.fill('#f-author', 'Deputy Chief Constable');
    await page.fill('#f-text', 'A new crime recording audit runs every week.');
    await submit(page);
    check((await page.content()).includes('The progress update is recorded.'), 'recorded');
  });

  await step("Kent's user: claims the recommendation implemented, with evidence", async () => {
    await page.goto(`${BASE}/record/recommendations/${state.rec}/status`);
    const options = await page.locator('#f-to option').allTextContents();
    check(!options.some((o) => o.startsWith('Closed')), 'it cannot close');
    await page.selectOption('#f-to', 'implemented');
    await page.fill('#f-on', '2025-07-01');
    await page.fill('#f-reason', 'Audit of July 2025: 96% of crimes recorded within 24 hours.');
    await shot(page, 'claim-implemented');
    await submit(page);
    check(new URL(page.url()).pathname === `/recommendations/${state.rec}`, `on the recommendation page, not ${page.url()}`);
    check((await page.content()).includes('Implemented'), 'shown as implemented');
  });

  await step("Kent's user gets 403 on Essex's record", async () => {
    let r = await page.goto(`${BASE}/record/inspections/${state.essex}`);
    check(r.status() === 403, `Essex's inspection gave ${r.status()}`);
    r = await page.goto(`${BASE}/record/progress-updates/new?body=essex`);
    check(r.status() === 403, `a progress update for Essex gave ${r.status()}`);
    r = await page.goto(`${BASE}/record/inspections/new?body=kent`);
    check(r.status() === 403, `recording an inspection gave ${r.status()}`);
    await shot(page, 'forbidden');
    await logout(page);
  });

  await step('inspector: closes the recommendation', async () => {
    await login(page, 'e2e-inspector');
    await page.goto(`${BASE}/record/recommendations/${state.rec}/status`);
    await page.selectOption('#f-to', 'closed');
    await page.fill('#f-on', '2025-09-01');
    await page.fill('#f-reason', 'Verified at the revisit.');
    await submit(page);
    check(new URL(page.url()).pathname === `/recommendations/${state.rec}`, `on the recommendation page, not ${page.url()}`);
    const r = await page.request.get(`${BASE}/api/v1/recommendations/${state.rec}`);
    check((await r.json()).status === 'closed', 'closed in the record');
  });

  await step('inspector: closes the cause of concern', async () => {
    await page.goto(`${BASE}/record/causes-of-concern/${state.cause}/close`);
    await page.fill('#f-on', '2025-09-02');
    await submit(page);
    check(new URL(page.url()).pathname === `/causes-of-concern/${state.cause}`, `on the cause page, not ${page.url()}`);
    const r = await page.request.get(`${BASE}/api/v1/causes-of-concern/${state.cause}`);
    const cause = await r.json();
    check(cause.status === 'closed' && cause.closed_by === 'e2e-inspector', 'closed by the inspector');
    await page.goto(`${BASE}/bodies/kent`);
    await shot(page, 'body-kent');
    await logout(page);
  });

  await step('the public body page needs no login', async () => {
    const r = await page.goto(`${BASE}/bodies/kent`);
    check(r.status() === 200, `GET /bodies/kent gave ${r.status()}`);
  });
} finally {
  await browser.close();
}
console.log(`# ${n - failed} of ${n} passed`);
process.exit(failed ? 1 : 0);
