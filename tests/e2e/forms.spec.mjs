// forms.spec.mjs: the monitoring record kept through the pages, in a real
// browser (Debian's chromium driven by playwright-core). Run by tests/e2e/run,
// which starts the server (E2E_BASE) on a fresh demo database with the users
// e2e-inspector, e2e-hmci, e2e-kent (body kent), e2e-essex (body essex) and
// e2e-kent-lpb (Kent's local policing body).
//
// Users log in through the header's link and reach the forms by the pages'
// links. An inspector records an inspection with a cause of concern and a
// recommendation; Kent's user submits progress with an evidence file and
// claims the recommendation implemented; the inspector returns the claim
// with a reason, then closes it and the cause of concern; Kent's user is
// refused Essex's record; HMCI decides a phase change; the inspector drafts
// a letter on /letters (only the body's PPOG meetings offered), edits a
// block on the letter's page (kept in its history) and is offered no
// Approve (the four-eyes rule says why); HMCI approves it through the check
// page with its preview, publishes it, and a visitor then sees it;
// Kent's local policing body records its PCC response from the body page;
// the inspector imports a published letter of the corpus at /import,
// checks the facts marked in it, corrects the draft and confirms it;
// the public pages need no login and show no record. Prints one TAP line per step.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
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
  // the form's own button (a form that grows has "Add another" and "Remove" buttons too)
  await Promise.all([page.waitForLoadState('load'), page.click('form.form .form-buttons button[type=submit]')]);
  await page.waitForLoadState('load');
}

/* Types an ISO date ("2025-02-10", "2025-02") into the day, month and year
 * fields of a date (GOV.UK Frontend's date input), as a person would. */
async function fillDate(page, name, iso) {
  const [year, month = '', day = ''] = iso.split('-');
  await page.fill(`#f-${name}-day`, day);
  await page.fill(`#f-${name}-month`, month);
  await page.fill(`#f-${name}-year`, year);
}

/* Clicks the link with this exact text and waits for the page. */
async function follow(page, text) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: text, exact: true }).first().click()]);
  await page.waitForLoadState('load');
}

/* Logs in through the header's "Log in" link from the page now shown,
 * and checks the browser comes back to it. */
async function login(page, user) {
  const here = page.url();
  await follow(page, 'Log in');
  check(new URL(page.url()).pathname === '/login', `on the login page, not ${page.url()}`);
  await page.fill('#f-username', user);
  await page.fill('#f-password', `password-${user}`);
  await submit(page);
  const me = await page.request.get(`${BASE}/api/v1/me`);
  check(me.status() === 200, `logged in as ${user} (GET /api/v1/me gave ${me.status()})`);
  check((await me.json()).username === user, `the session is ${user}'s`);
  check(page.url() === here, `back on ${here}, not ${page.url()}`);
  check(await page.locator('.site-header').getByText(user).count() > 0, 'the header names the user');
}

/* Logs out through the header's link. */
async function logout(page) {
  await follow(page, 'Log out');
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
  });

  await step('the Engage list is public: the Met before, Lincolnshire now', async () => {
    const r = await page.goto(`${BASE}/engage`);
    check(r.status() === 200, `GET /engage gave ${r.status()}`);
    // the demo data: the Met left Engage on 23 January 2025; Lincolnshire entered on 6 December 2024
    const previous = page.locator('#previous + .table-scroll table');
    check(await previous.getByRole('link', { name: 'Metropolitan Police Service' }).count() === 1,
      'the Met is previously in Engage');
    check((await previous.textContent()).includes('23 January 2025'), 'with the day it left');
    const now = page.locator('section.decision');
    check(await now.getByRole('link', { name: 'Lincolnshire Police' }).count() === 1, 'Lincolnshire is in Engage now');
    check(await previous.getByRole('link', { name: 'Lincolnshire Police' }).count() === 0,
      'Lincolnshire is not among the previous');
    await shot(page, 'engage');
  });

  await step('the public report page: what was asked and of whom, each addressee side by side', async () => {
    // the demo's national thematic report (illustrative), reached from a covered force's page
    const page = await browser.newPage();
    await page.goto(`${BASE}/bodies/kent`);
    await Promise.all([page.waitForLoadState('load'),
      page.locator('ul.covering-reports').getByRole('link').first().click()]);
    check(/\/reports\/\d+$/.test(page.url()), `the body page links the report (${page.url()})`);
    check((await page.locator('h1').textContent()).includes('Illustrative'), 'the demo report says it is illustrative');
    const tables = page.locator('section.shared-recommendation table.govuk-table');
    check(await tables.count() === 2, 'a table of parts for each of the two recommendations');
    const forces = tables.nth(0).locator('tbody tr');
    check(await forces.count() >= 43, `every police force has its part (${await forces.count()})`);
    const kent = forces.filter({ hasText: 'Kent Police' });
    check(await kent.count() === 1, 'Kent has its part');
    check((await kent.locator('.govuk-tag').textContent()).trim() === 'Open', 'shown with its status');
    const college = tables.nth(1).locator('tbody tr');
    check(await college.count() === 1 && (await college.textContent()).includes('College of Policing'),
      'the College of Policing has its part');
    await Promise.all([page.waitForLoadState('load'), kent.getByRole('link', { name: 'Kent Police' }).click()]);
    check((await page.locator('.govuk-summary-list').first().textContent()).includes('Also addressed to'),
      "Kent's recommendation names the other addressees");
    await page.close();
  });

  await step('no public page scrolls sideways at 390 px (wide tables scroll in their own region)', async () => {
    const narrow = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const p = await narrow.newPage();
    for (const path of ['/', '/engage', '/timeline', '/letters', '/bodies/met', '/bodies/bucks-frs', '/login',
                        '/recommendations', '/recommendations?status=all', '/recommendations/1', '/recommendations/2',
                        '/causes-of-concern/3', '/causes-of-concern/4', '/search', '/search?q=exploitation',
                        '/search?q=scan&per_page=5', '/reports', '/reports/1', '/frameworks']) {
      const r = await p.goto(`${BASE}${path}`);
      check(r.status() === 200, `GET ${path} gave ${r.status()}`);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      check(width <= 390, `${path} is ${width} px wide at 390 px`);
    }
    await narrow.close();
  });

  await step('no staff page scrolls sideways at 390 px either (the admin, who may read and record)', async () => {
    const narrow = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const p = await narrow.newPage();
    await p.goto(`${BASE}/login`);
    await p.fill('#f-username', 'e2e-admin');
    await p.fill('#f-password', 'password-e2e-admin');
    await submit(p);
    const me = await p.request.get(`${BASE}/api/v1/me`);
    check(me.status() === 200, `logged in (GET /api/v1/me gave ${me.status()})`);
    for (const path of ['/admin/bodies', '/admin/bodies/new', '/record/bodies/kent/rename', '/record/bodies/kent/merge',
                        '/record/bodies/kent/retire', '/work', '/deadlines', '/reports/1', '/record/reports/new',
                        '/bodies/met', '/admin/frameworks', '/admin/frameworks/new', '/admin/themes',
                        '/admin/themes/new']) {
      const r = await p.goto(`${BASE}${path}`);
      check(r.status() === 200, `GET ${path} gave ${r.status()}`);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      check(width <= 390, `${path} is ${width} px wide at 390 px`);
    }
    await narrow.close();
  });

  await step('GOV.UK Frontend starts: at 390 px the service navigation folds behind its Menu button', async () => {
    const narrow = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const p = await narrow.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await p.goto(`${BASE}/`);
    await p.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
    const menu = p.locator('.govuk-service-navigation__toggle');
    await menu.waitFor({ state: 'visible' });
    const letters = p.locator('.govuk-service-navigation').getByRole('link', { name: 'Letters' });
    check(!(await letters.isVisible()), 'the links are folded');
    await menu.click();
    check(await menu.getAttribute('aria-expanded') === 'true', 'the button says it is open');
    check(await letters.isVisible(), 'the links are shown');
    check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
    await narrow.close();
    // without JavaScript every link is there, no button
    const plain = await browser.newContext({ viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
    const q = await plain.newPage();
    await q.goto(`${BASE}/`);
    check(await q.locator('.govuk-service-navigation').getByRole('link', { name: 'Letters' }).isVisible(),
      'without JavaScript the links are shown');
    check(!(await q.locator('.govuk-service-navigation__toggle').isVisible()), 'and no Menu button');
    await plain.close();
  });

  await step('the search box in the header finds the Met by "exploitation", words marked', async () => {
    await page.goto(`${BASE}/`);
    const box = page.getByRole('search', { name: 'Search the record' });
    await box.getByLabel('Search the record').fill('exploitation');
    await box.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=exploitation/);
    const results = page.locator('ol.results');
    check(await results.getByRole('link', { name: 'Metropolitan Police Service' }).count() > 0, 'the Met is found');
    check(await results.locator('mark').count() > 0, 'the matches are marked');
    await shot(page, 'search');
  });

  await step('a visitor sees the published record only on a body page, and a way to log in', async () => {
    const r = await page.goto(`${BASE}/bodies/met`);
    check(r.status() === 200, `GET /bodies/met gave ${r.status()}`);
    check(await page.locator('#decisions').count() === 1, 'the decisions are public');
    check(await page.locator('#published-record').count() === 1, 'the published causes and recommendations are public');
    check(await page.getByRole('link', { name: 'Recommendation 1 of cause of concern 1' }).count() === 1,
          'a published recommendation, named as the letters name it');
    // the child exploitation report made eleven recommendations: three are
    // recorded, and the page says where the other eight are (demo truth)
    const count = page.locator('#published-record ~ p.report-count');
    check(await count.count() === 1, 'the report that made more recommendations than are recorded is named');
    const said = (await count.textContent()).replace(/\s+/g, ' ');
    check(said.includes('made 11 recommendations') && said.includes('3 of them are recorded here')
      && said.includes('the other 8 are in the published report'), `the count is said plainly, not "${said}"`);
    check(await count.getByRole('link').count() === 1, 'the published report is linked');
    check((await page.locator('section.cause').first().textContent()).includes('Closed \u2013 implemented'),
      'the outcome the letter states, in plain words');
    for (const id of ['causes', 'readiness', 'plan', 'record-actions'])
      check(await page.locator(`#${id}`).count() === 0, `no #${id} section`);
    check(await page.locator('a[href^="/record/"]').count() === 0, 'no links to the forms');
    check(await page.locator('.site-header').getByRole('link', { name: 'Log in' }).count() === 1, 'a Log in link');
    check(await page.locator('.site-header').getByRole('link', { name: 'Letters' }).count() === 1, 'a Letters link');
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

  await step('inspector: the status board shows open causes of concern and overdue recommendations', async () => {
    await page.goto(`${BASE}/?sort=phase`);   // Engage first
    check((await page.content()).includes('Metropolitan Police Service'), 'the Met is on the board');
    check(await page.locator('.site-header').getByRole('link', { name: 'Log out' }).count() === 1, 'a Log out link');
    // the README's picture (the board as staff see it), refreshed on request
    // only, so a test run leaves the work tree as it was
    await page.screenshot({ path: join(SHOTS, 'board-staff.png') });
    const readme = join(ROOT, 'docs/screenshot.png');
    if (process.env.E2E_UPDATE_SCREENSHOT === '1' || !existsSync(readme)) copyFileSync(join(SHOTS, 'board-staff.png'), readme);
    await page.goto(`${BASE}/record/inspections/new?body=kent`);
  });

  const kentInspections = async () =>
    (await (await page.request.get(`${BASE}/api/v1/inspections?body=kent&limit=1000`)).json()).count;

  await step('inspector: a bad date is shown next to its field and nothing is stored', async () => {
    const before = await kentInspections();
    await page.selectOption('#f-kind', 'peel');
    await page.fill('#f-title', 'PEEL 2025: Kent Police');
    await fillDate(page, 'published_on', '2025-02-30');
    await submit(page);
    const err = page.locator('#f-published_on-error');
    check(await err.isVisible(), 'an error by the date');
    check((await err.textContent()).includes('must be a real date'), 'it says what is wrong');
    check(await page.getAttribute('#f-published_on-day', 'aria-invalid') === 'true', 'the day is marked');
    check(await page.inputValue('#f-published_on-day') === '30', 'the day is kept as typed');
    check(await page.inputValue('#f-title') === 'PEEL 2025: Kent Police', 'the title is kept');
    check(await kentInspections() === before, 'nothing stored');
    await shot(page, 'form-error');
  });

  await step('inspector: records an inspection', async () => {
    await fillDate(page, 'published_on', '2025-02');
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
    await fillDate(page, 'issued_on', '2025-02');
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
    await fillDate(page, 'issued_on', '2025-02-10');
    await fillDate(page, 'original_deadline', '2025-08');
    await submit(page);
    check((await page.content()).includes('The recommendation is recorded.'), 'recorded');
    state.rec = idOf(page, 'recommendations');
    await shot(page, 'recommendation-recorded');
  });

  await step('inspector: records an inspection of Essex from its page', async () => {
    await page.goto(`${BASE}/bodies/essex`);
    check(await page.getByRole('link', { name: 'Decide a phase change' }).count() === 0, 'an inspector does not decide');
    await follow(page, 'Record an inspection');
    check(page.url() === `${BASE}/record/inspections/new?body=essex`, `on the form, not ${page.url()}`);
    await page.selectOption('#f-kind', 'thematic');
    await page.fill('#f-title', 'Essex thematic');
    await submit(page);
    state.essex = idOf(page, 'inspections');
    await logout(page);
  });

  await step("Kent's user: submits a progress update from the recommendation's page", async () => {
    await page.goto(`${BASE}/bodies/kent`);
    await login(page, 'e2e-kent');
    await page.goto(`${BASE}/recommendations/${state.rec}`);
    check(await page.getByRole('link', { name: 'Change', exact: true }).count() === 0,
      'no way to change the recommendation itself');
    check(await page.getByRole('link', { name: 'Revise the deadline' }).count() === 0, 'nor its deadline');
    await follow(page, 'Add a progress update');
    await page.fill('#f-author', 'Deputy Chief Constable');
    await page.fill('#f-text', 'A new crime recording audit runs every week.');
    await submit(page);
    check((await page.content()).includes('The progress update is recorded.'), 'recorded');
    state.update = idOf(page, 'progress-updates');
  });

  await step("Kent's user: attaches an evidence file, kept with its SHA-256", async () => {
    const bytes = Buffer.from('Crime recording audit, July 2025\r\n--\r\n96% recorded within 24 hours\n\u0000\u00ff');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await page.setInputFiles('#f-file', { name: 'audit-july-2025.txt', mimeType: 'text/plain', buffer: bytes });
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Attach the file")')]);
    await page.waitForLoadState('load');
    check((await page.content()).includes('The file is attached.'), 'attached');
    check(await page.getByText(sha).count() === 1, 'its SHA-256 is shown');
    const list = await (await page.request.get(`${BASE}/api/v1/evidence-files?progress_update_id=${state.update}`)).json();
    check(list.items.length === 1 && list.items[0].sha256 === sha, 'stored with the SHA-256 of the bytes sent');
    check(list.items[0].size === bytes.length, 'every byte');
    await shot(page, 'evidence-attached');
    // the recommendation's page lists it with its download
    await page.goto(`${BASE}/recommendations/${state.rec}`);
    const link = page.getByRole('link', { name: 'audit-july-2025.txt' });
    check(await link.count() === 1, 'listed on the recommendation');
    const href = await link.getAttribute('href');
    const dl = await page.request.get(`${BASE}${href}`);
    check(dl.status() === 200 && Buffer.compare(await dl.body(), bytes) === 0, 'the download is the file');
  });

  await step("Kent's user: a progress update with two files in one step, both on its page", async () => {
    await page.goto(`${BASE}/recommendations/${state.rec}`);
    await follow(page, 'Add a progress update');
    await page.fill('#f-author', 'Deputy Chief Constable');
    await page.fill('#f-text', 'The August audit and its figures.');
    const audit = Buffer.from('Crime recording audit, August 2025\n97% recorded within 24 hours\n');
    const figures = Buffer.from('month,share\n2025-08,0.97\n');
    await page.setInputFiles('#f-file', [
      { name: 'audit-august-2025.txt', mimeType: 'text/plain', buffer: audit },
      { name: 'figures-august-2025.csv', mimeType: 'text/csv', buffer: figures },
    ]);
    await shot(page, 'progress-with-files');
    await submit(page);
    check((await page.content()).includes('The progress update is recorded.'), 'recorded');
    state.update2 = idOf(page, 'progress-updates');
    for (const [name, bytes] of [['audit-august-2025.txt', audit], ['figures-august-2025.csv', figures]]) {
      const link = page.getByRole('link', { name });
      check(await link.count() === 1, `${name} is on the update's page`);
      const sha = createHash('sha256').update(bytes).digest('hex');
      check(await page.getByText(sha).count() === 1, `${name}: its SHA-256 is shown`);
    }
    const list = await (await page.request.get(`${BASE}/api/v1/evidence-files?progress_update_id=${state.update2}`)).json();
    check(list.items.length === 2, `two files kept, not ${list.items.length}`);
  });

  await step("Kent's user: claims the recommendation implemented, with evidence", async () => {
    await page.goto(`${BASE}/recommendations/${state.rec}`);
    await follow(page, 'Claim implemented');
    check(await page.inputValue('#f-to') === 'implemented', 'the claim is chosen');
    const options = await page.locator('#f-to option').allTextContents();
    check(!options.some((o) => o.startsWith('Closed')), 'it cannot close');
    await page.selectOption('#f-to', 'implemented');
    await fillDate(page, 'on', '2025-07-01');
    await page.fill('#f-reason', 'Audit of July 2025: 96% of crimes recorded within 24 hours.');
    // the claim points to the files it rests on: this body's files, as checkboxes
    await page.getByLabel(/^audit-august-2025\.txt/).check();
    await page.getByLabel(/^figures-august-2025\.csv/).check();
    await shot(page, 'claim-implemented');
    await submit(page);
    check(new URL(page.url()).pathname === `/recommendations/${state.rec}`, `on the recommendation page, not ${page.url()}`);
    check((await page.content()).includes('Implemented'), 'shown as implemented');
    check(await page.locator('#claim + ul a', { hasText: 'audit-august-2025.txt' }).count() === 1,
      'the claim names its files on the recommendation page');
  });

  await step("Kent's user sees Essex's public page, gets 403 on its record", async () => {
    let r = await page.goto(`${BASE}/bodies/essex`);
    check(r.status() === 200, `Essex's body page gave ${r.status()}`);
    check(await page.locator('#causes').count() === 0, 'no record shown');
    r = await page.goto(`${BASE}/record/inspections/${state.essex}`);
    check(r.status() === 403, `Essex's inspection gave ${r.status()}`);
    r = await page.goto(`${BASE}/record/progress-updates/new?body=essex`);
    check(r.status() === 403, `a progress update for Essex gave ${r.status()}`);
    r = await page.goto(`${BASE}/record/inspections/new?body=kent`);
    check(r.status() === 403, `recording an inspection gave ${r.status()}`);
    await shot(page, 'forbidden');
    await logout(page);
  });

  await step('inspector: returns the claim with a reason', async () => {
    await page.goto(`${BASE}/recommendations/${state.rec}`);
    await login(page, 'e2e-inspector');
    await follow(page, 'Update the status');
    await page.selectOption('#f-to', 'in_progress');
    await fillDate(page, 'on', '2025-07-15');
    await page.fill('#f-reason', 'The audit covers one month only; show three months of results.');
    await submit(page);
    check(new URL(page.url()).pathname === `/recommendations/${state.rec}`, `on the recommendation page, not ${page.url()}`);
    const rec = await (await page.request.get(`${BASE}/api/v1/recommendations/${state.rec}`)).json();
    check(rec.status === 'in_progress', `returned to in progress, not ${rec.status}`);
    check((await page.content()).includes('show three months of results'), 'the reason is in its history');
    await logout(page);
  });

  await step("Kent's user: claims it again", async () => {
    await page.goto(`${BASE}/recommendations/${state.rec}`);
    await login(page, 'e2e-kent');
    await follow(page, 'Claim implemented');
    await fillDate(page, 'on', '2025-08-20');
    await page.fill('#f-reason', 'Audits of May, June and July 2025: 95-97% recorded within 24 hours.');
    await submit(page);
    const rec = await (await page.request.get(`${BASE}/api/v1/recommendations/${state.rec}`)).json();
    check(rec.status === 'implemented', `claimed, not ${rec.status}`);
    await logout(page);
  });

  await step('inspector: records the revisit of Kent that checked the claim', async () => {
    await page.goto(`${BASE}/bodies/kent`);
    await login(page, 'e2e-inspector');
    await page.goto(`${BASE}/record/revisits/new?body=kent`);
    await page.fill('#f-title', 'Crime data integrity revisit');
    await fillDate(page, 'started_on', '2025-08-26');
    await submit(page);
    check((await page.content()).includes('The revisit is recorded.'), 'recorded');
    state.revisit = idOf(page, 'revisits');
  });

  await step('inspector: opens the work queue, finds the overdue recommendation and closes it through the check page', async () => {
    await follow(page, 'Work queue');
    check(new URL(page.url()).pathname === '/work', `on the work queue, not ${page.url()}`);
    // the queue's filters: Kent's overdue items
    await page.selectOption('#f-body', 'kent');
    await page.selectOption('#f-what', 'overdue');
    await Promise.all([page.waitForLoadState('load'), page.click('form.filters button[type=submit]')]);
    const row = page.locator('#overdue tr', { has: page.locator(`a[href="/recommendations/${state.rec}"]`) });
    check(await row.count() === 1, 'the overdue recommendation is in the queue');
    check((await row.textContent()).includes('overdue by'), 'with its age');
    await shot(page, 'work-queue');
    await Promise.all([page.waitForLoadState('load'), row.getByRole('link', { name: 'Close or update' }).click()]);
    await page.waitForLoadState('load');
    check(new URL(page.url()).pathname === `/record/recommendations/${state.rec}/status`, `on the status form, not ${page.url()}`);
    await page.selectOption('#f-to', 'closed');
    await fillDate(page, 'on', '2025-09-01');
    // a closure without its outcome, reason and what it rests on: every error at once
    await page.fill('#f-reason', '');
    await submit(page);
    check(await page.locator('#f-outcome-error').isVisible(), 'the outcome is asked for');
    check(await page.locator('#f-reason-error').isVisible(), 'the reason is asked for');
    check(await page.locator('#f-revisit_id-error').isVisible(), 'what it rests on is asked for');
    await page.selectOption('#f-outcome', 'implemented');
    await fillDate(page, 'implemented_on', '2025-08-28');
    await page.fill('#f-reason', 'Verified at the revisit: three months of audits at 95% or more.');
    await page.selectOption('#f-revisit_id', String(state.revisit));
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    const summary = await page.locator('dl.check-answers').textContent();
    check(summary.includes('Crime data integrity revisit'), 'the revisit it rests on is shown');
    check(summary.includes('28 August 2025'), 'the day it is accepted as implemented is shown');
    check(await page.locator('#audience').count() === 1, 'who will see it is said');
    let r = await page.request.get(`${BASE}/api/v1/recommendations/${state.rec}`);
    check((await r.json()).status === 'implemented', 'nothing changed before the confirmation');
    await shot(page, 'check-close');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and close it' }).click()]);
    await page.waitForLoadState('load');
    check(await page.getByRole('status').count() === 1, 'a success message');
    check((await page.getByRole('status').textContent()).includes('Recommendation 1 is closed'), 'it says what was done');
    r = await page.request.get(`${BASE}/api/v1/recommendations/${state.rec}`);
    const rec = await r.json();
    check(rec.status === 'closed' && rec.outcome === 'implemented' && rec.implemented_on === '2025-08-28'
      && rec.closing_revisit_id === state.revisit, `closed as stated, not ${JSON.stringify(rec)}`);
    await follow(page, 'See recommendation 1');
    check(new URL(page.url()).pathname === `/recommendations/${state.rec}`, `on the recommendation page, not ${page.url()}`);
    check((await page.content()).includes('Implemented'), 'the outcome is shown');
    // a visitor: the public page says the outcome in plain words, and why
    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    const pr = await pub.goto(`${BASE}/recommendations/${state.rec}`);
    check(pr.status() === 200, `the public page gave ${pr.status()}`);
    const tag = (await pub.locator('h1 + p .govuk-tag').textContent()).trim();
    check(tag === 'Closed \u2013 implemented', `the outcome in plain words, not "${tag}"`);
    check((await pub.content()).includes('Verified at the revisit: three months of audits at 95% or more.'), 'why it was closed');
    await pub.goto(`${BASE}/bodies/kent`);
    const pubRow = pub.locator('#published-record ~ section.cause tr', { has: pub.locator(`a[href="/recommendations/${state.rec}"]`) });
    check((await pubRow.textContent()).includes('Closed \u2013 implemented'), 'and on the body page');
    await visitor.close();
  });

  await step('inspector: closes the cause of concern', async () => {
    await page.goto(`${BASE}/causes-of-concern/${state.cause}`);
    await follow(page, 'Close');
    await fillDate(page, 'on', '2025-09-02');
    await page.selectOption('#f-outcome', 'implemented');
    await page.fill('#f-reason', 'Its recommendation is implemented and verified.');
    await page.selectOption('#f-progress_update_id', { index: 1 });
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and close it' }).click()]);
    await page.waitForLoadState('load');
    check((await page.getByRole('status').textContent()).includes('The cause of concern is closed'), 'a success message');
    await follow(page, 'See the cause of concern');
    check(new URL(page.url()).pathname === `/causes-of-concern/${state.cause}`, `on the cause page, not ${page.url()}`);
    const r = await page.request.get(`${BASE}/api/v1/causes-of-concern/${state.cause}`);
    const cause = await r.json();
    check(cause.status === 'closed' && cause.closed_by === 'e2e-inspector', 'closed by the inspector');
    await page.goto(`${BASE}/bodies/kent`);
    await shot(page, 'body-kent');
    await logout(page);
  });

  await step('HMCI: decides a phase change through the form', async () => {
    await page.goto(`${BASE}/bodies/kent`);
    await login(page, 'e2e-hmci');
    await follow(page, 'Decide a phase change');
    check(new URL(page.url()).pathname === '/record/bodies/kent/decision', `on the decision form, not ${page.url()}`);
    await page.selectOption('#f-to_phase', 'engage');
    await fillDate(page, 'effective_on', '2025-10-01');
    await page.fill('#f-decided_by', 'HM Chief Inspector');
    await page.fill('#f-recommended_by', 'HM Inspector');
    await page.fill('#f-rationale', '');
    await submit(page);
    check(await page.locator('#f-rationale-error').isVisible(), 'the missing reasons are named by their field');
    await page.fill('#f-rationale', 'Crime data integrity is a cause of concern that needs closer scrutiny.');
    await shot(page, 'decision');
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    check((await page.locator('#audience').textContent()).includes('Public'), 'it says the decision is public');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and publish the decision' }).click()]);
    await page.waitForLoadState('load');
    check((await page.getByRole('status').textContent()).includes('is recorded'), 'a success message');
    await follow(page, "See it on the body's page");
    check(new URL(page.url()).pathname === '/bodies/kent', `on the body page, not ${page.url()}`);
    const body = await (await page.request.get(`${BASE}/api/v1/bodies/kent`)).json();
    check(body.phase === 'engage', `Kent is in Engage, not ${body.phase}`);
    check((await page.content()).includes('Crime data integrity is a cause of concern'), 'the reasons are shown');
    // HMCI then corrects it: appended, never an edit
    const mine = page.locator('section.decision', { hasText: 'Crime data integrity is a cause of concern' });
    await Promise.all([page.waitForLoadState('load'),
      mine.getByRole('link', { name: 'Correct or withdraw this decision' }).click()]);
    await page.waitForLoadState('load');
    await page.selectOption('#f-kind', 'correction');
    await page.fill('#f-text', 'Effective on 2 October 2025, the day after HMCI decided.');
    await page.fill('#f-reason', 'The effective date was entered a day early.');
    await submit(page);
    check((await page.getByRole('status').textContent()).includes('The correction is recorded'), 'the correction is recorded');
    // a visitor sees both, the original and its correction, on the public body page and in the feed
    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    await pub.goto(`${BASE}/bodies/kent`);
    const shown = pub.locator('section.decision', { hasText: 'Crime data integrity is a cause of concern' });
    check(await shown.count() === 1, 'the original decision is public');
    const note = await shown.locator('.correction').textContent();
    check(note.includes('Corrected on') && note.includes('Effective on 2 October 2025')
      && note.includes('The effective date was entered a day early.'), `the correction beside it, not "${note}"`);
    const atom = await (await pub.request.get(`${BASE}/feeds/decisions.atom?body=kent`)).text();
    check(atom.includes('Crime data integrity is a cause of concern') && atom.includes('CORRECTED'), 'and in the Atom feed');
    await visitor.close();
    // the Met's page as HMCI sees it: the whole record and the forms
    await page.goto(`${BASE}/bodies/met`);
    await shot(page, 'body-met');
    await logout(page);
  });

  await step('inspector: drafts a revisit letter for Kent on /letters', async () => {
    await page.goto(`${BASE}/letters`);
    await login(page, 'e2e-inspector');
    check(await page.locator('#draft-letter').count() === 1, 'the "Draft a letter" form is shown');
    // the Met's PPOG meeting is the Met's: Kent's letters do not offer it
    await page.goto(`${BASE}/letters?body=kent`);
    check(await page.locator('#f-ppog_meeting_id option', { hasText: 'meeting 1' }).count() === 0,
      'no PPOG meeting that did not discuss Kent');
    await page.goto(`${BASE}/letters?body=met`);
    check(await page.locator('#f-ppog_meeting_id option', { hasText: 'meeting 1' }).count() === 1,
      'the Met\'s letters offer its PPOG meeting');
    await page.goto(`${BASE}/letters?body=kent`);
    await page.selectOption('#f-body', 'kent');
    await page.selectOption('#f-kind', 'revisit');
    await page.fill('#f-title', 'Kent Police: revisit of crime data integrity');
    check(await page.getByLabel('Decision').count() === 1, 'the decision is a labelled field');
    await fillDate(page, 'sent_on', '2025-09-10');
    await fillDate(page, 'published_on', '2025-09-12');
    await submit(page);
    const url = new URL(page.url());
    check(url.pathname === '/letters' && url.searchParams.get('body') === 'kent', `back on Kent's letters, not ${page.url()}`);
    const m = url.hash.match(/^#letter-(\d+)$/);
    check(m, `the new letter is named in ${page.url()}`);
    state.letter = Number(m[1]);
    const row = page.locator(`#letter-${state.letter}`);
    check((await row.textContent()).includes('Draft (not published)'), 'listed as a draft');
    const letter = await (await page.request.get(`${BASE}/api/v1/letters/${state.letter}`)).json();
    check(letter.status === 'draft' && letter.kind === 'revisit', `a revisit draft, not ${letter.status} ${letter.kind}`);
    // the drafter may not approve it: no button, the rule in its place
    check(await row.getByRole('button', { name: 'Approve' }).count() === 0, 'no Approve button for the drafter');
    check((await row.textContent()).includes('Four-eyes rule: e2e-inspector drafted this letter'), 'the four-eyes rule is shown');
    await shot(page, 'letter-drafted');
    // the letter's own page: the draft as it will be published, its blocks to edit
    await page.goto(`${BASE}/letters/${state.letter}.html`);
    check((await page.textContent('#letter-warnings')).includes('No lead HMI of Kent Police is recorded in post'),
      'the page says nobody is recorded as Kent\'s lead HMI');
    const first = await page.inputValue('#f-1-text');
    await page.fill('#f-1-text', 'We have revisited Kent Police to check its crime data integrity.');
    await page.fill('#f-1-reason', 'Plainer opening');
    await Promise.all([page.waitForLoadState('load'), page.click('#block-1 button[type=submit]')]);
    await page.waitForLoadState('load');
    check(new URL(page.url()).pathname === `/letters/${state.letter}.html`, `back on the letter, not ${page.url()}`);
    check((await page.textContent('main article.letter')).includes('We have revisited Kent Police'), 'the letter has the edit');
    const history = await page.textContent('#letter-history + table');
    check(history.includes('Plainer opening') && history.includes('e2e-inspector') && history.includes(first.slice(0, 40)),
      'the history keeps who, why and the text before');
    check((await page.textContent('main')).includes('Four-eyes rule: e2e-inspector'), 'the editor may not approve');
    await shot(page, 'letter-edited');
    await logout(page);
  });

  await step('HMCI: approves the letter through its check page, then publishes it', async () => {
    await page.goto(`${BASE}/letters/${state.letter}.html`);
    await login(page, 'e2e-hmci');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Approve the letter' }).click()]);
    await page.waitForLoadState('load');
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    check((await page.textContent('.check-preview')).includes('We have revisited Kent Police'), 'the preview has the edit');
    check(await page.getByRole('link', { name: 'The letter as a PDF' }).count() === 1, 'a link to its PDF');
    await shot(page, 'letter-approve-check');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and approve' }).click()]);
    await page.waitForLoadState('load');
    check((await page.textContent('main')).includes('Approved (not yet published)'), 'approved');
    check(await page.locator('#edit-letter').count() === 0, 'no more edits');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Publish the letter' }).click()]);
    await page.waitForLoadState('load');
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and publish' }).click()]);
    await page.waitForLoadState('load');
    check((await page.getByRole('status').textContent()).includes('The letter is published'), 'a success message');
    await page.goto(`${BASE}/letters?body=kent`);
    const letter = await (await page.request.get(`${BASE}/api/v1/letters/${state.letter}`)).json();
    check(letter.status === 'published', `published, not ${letter.status}`);
    check(letter.approved_by === 'e2e-hmci' && letter.created_by === 'e2e-inspector',
      `drafted by e2e-inspector and approved by e2e-hmci, not ${letter.created_by} and ${letter.approved_by}`);
    check(await page.locator(`#letter-${state.letter}`).getByRole('button').count() === 0, 'no more buttons');
    await logout(page);
  });

  await step('a visitor sees the published letter on /letters', async () => {
    const r = await page.goto(`${BASE}/letters`);
    check(r.status() === 200, `GET /letters gave ${r.status()}`);
    check(await page.locator('#draft-letter').count() === 0, 'no draft form for visitors');
    const link = page.getByRole('link', { name: 'Kent Police: revisit of crime data integrity', exact: true });
    check(await link.count() === 1, 'the letter is listed');
    // its PDF link says which letter (distinct link text)
    check(await page.getByRole('link', { name: 'PDF of Kent Police: revisit of crime data integrity', exact: true })
      .count() === 1, 'its PDF link names it');
    check((await page.locator(`#letter-${state.letter}`).textContent()).includes('12 September 2025'), 'with its day');
    await Promise.all([page.waitForLoadState('load'), link.click()]);
    check(new URL(page.url()).pathname === `/letters/${state.letter}.html`, `on the letter, not ${page.url()}`);
    check((await page.content()).includes('Kent'), 'the letter is about Kent');
    // in the site's page: its header, a <main>, links to its PDF and its body
    check(await page.locator('.site-header').count() === 1, 'the site header');
    check(await page.locator('main article.letter').count() === 1, 'the letter in <main>');
    const pdf = page.getByRole('link', { name: 'Download this letter as a PDF' });
    check(await pdf.getAttribute('href') === `/letters/${state.letter}.pdf`, 'a link to its PDF');
    const got = await page.request.get(`${BASE}/letters/${state.letter}.pdf`);
    check(got.status() === 200 && got.headers()['content-type'] === 'application/pdf', 'the PDF is served');
    check(await page.locator('a[href="/bodies/kent"]').count() > 0, "a link to Kent's page");
  });

  await step("Kent's local policing body: records its PCC response from the body page", async () => {
    await page.goto(`${BASE}/bodies/kent`);
    await login(page, 'e2e-kent-lpb');
    check(await page.locator('#pcc-responses').count() === 1, 'its reports are listed');
    const link = page.locator(`a[href="/record/pcc-responses/new?inspection_id=${state.inspection}"]`);
    check(await link.count() === 1, "a link to respond to the inspector's report");
    // "Record your response" to the report it names (distinct link text; the rest visually hidden)
    check((await link.textContent()).startsWith('Record your response to '), 'named "Record your response to ..."');
    await Promise.all([page.waitForLoadState('load'), link.click()]);
    await page.waitForLoadState('load');
    check(await page.inputValue('#f-inspection_id') === String(state.inspection), 'the report is chosen');
    await fillDate(page, 'published_on', '2025-04-01');
    await page.fill('#f-url', 'https://example.org/kent-pcc-response');
    await page.fill('#f-summary', 'The commissioner welcomes the report and will hold the force to account.');
    await submit(page);
    check((await page.content()).includes('The PCC response is recorded.'), 'recorded');
    await page.goto(`${BASE}/bodies/kent`);
    check((await page.locator('#pcc-responses + p + table').textContent()).includes('Recorded'), 'shown as recorded');
    await shot(page, 'pcc-response');
    await logout(page);
  });

  await step('inspector: imports a published letter at /import, corrects the draft and confirms it', async () => {
    await page.goto(`${BASE}/`);
    await login(page, 'e2e-inspector');
    await follow(page, 'Import a letter');
    check(new URL(page.url()).pathname === '/import', `on /import, not ${page.url()}`);
    const letter = readFileSync(join(ROOT, 'tests/docs/corpus/real/r16_nottinghamshire_return_2025_05.txt'));
    await page.setInputFiles('#f-file', { name: 'nottinghamshire-return.txt', mimeType: 'text/plain', buffer: letter });
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check the draft record'), 'the review page');
    check(await page.locator('.letter-text mark.fact').count() >= 5, 'the facts are marked in the letter');
    check(await page.inputValue('#f-body') === 'nottinghamshire', 'the body is read from the letter');
    check(await page.inputValue('#f-kind') === 'return_to_scan', 'a return to Scan');
    const href = await page.locator('#f-body-found a').getAttribute('href');
    check(await page.locator(`.letter-text ${href}`).count() === 1, 'the body field links to its mark in the letter');
    await shot(page, 'import-review');
    const before = await (await page.request.get(`${BASE}/api/v1/causes-of-concern?body=nottinghamshire&limit=500`)).json();
    await page.fill('#f-decided_by', 'Sir Andy Cooke QPM DL (HMCI)');
    await page.selectOption('#f-cause_1_accelerated', 'yes');
    await submit(page);
    check((await page.content()).includes('The letter is in the record'), 'confirmed');
    const sha = createHash('sha256').update(letter).digest('hex');
    check((await page.locator('#import-sha256').textContent()) === sha, 'the letter is kept under its SHA-256');
    const after = await (await page.request.get(`${BASE}/api/v1/causes-of-concern?body=nottinghamshire&limit=500`)).json();
    check(after.items.length === before.items.length + 3, `three causes recorded (${before.items.length} -> ${after.items.length})`);
    check(after.items.filter((c) => c.accelerated === true).length >= 1, 'the correction is recorded: accelerated');
    await shot(page, 'import-confirmed');
    await logout(page);
  });

  await step('admin: adds a fire service and merges it with Avon through the forms; the board marks both retired', async () => {
    await page.goto(`${BASE}/`);
    await login(page, 'e2e-admin');
    await page.goto(`${BASE}/admin/bodies`);
    await follow(page, 'Add a body');
    await page.fill('#f-code', 'west-frs');
    await page.fill('#f-name', 'West Fire and Rescue Service');
    await page.selectOption('#f-kind', 'fire');
    await page.fill('#f-country', 'England');
    await page.fill('#f-reason', 'Established by order (test)');
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and add the body' }).click()]);
    await page.waitForLoadState('load');
    check((await page.getByRole('status').textContent()).includes('is added'), 'the body is added');
    await page.goto(`${BASE}/bodies/west-frs`);
    await follow(page, 'Merge it with another body');
    check(new URL(page.url()).pathname === '/record/bodies/west-frs/merge', `on the merge form, not ${page.url()}`);
    await submit(page);
    check(await page.locator('#f-other-error').isVisible(), 'the body to merge with is asked for by its field');
    check(await page.locator('#f-reason-error').isVisible(), 'and the reason by its own');
    await page.selectOption('#f-other', 'avon-frs');
    await page.fill('#f-code', 'avon-west-frs');
    await page.fill('#f-name', 'Avon and West Fire and Rescue Service');
    await page.fill('#f-reason', 'Combined by order (test)');
    await shot(page, 'body-merge');
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm the merger' }).click()]);
    await page.waitForLoadState('load');
    check((await page.getByRole('status').textContent()).includes('merged into'), 'the bodies are merged');
    await page.goto(`${BASE}/`);
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'West Fire and Rescue Service', exact: true }) });
    check((await row.locator('.govuk-tag--grey').textContent()).trim() === 'Retired', 'the board marks it Retired');
    check(await row.locator('.merged-into a[href="/bodies/avon-west-frs"]').count() === 1, 'merged into the successor, linked');
    await logout(page);
  });

  await step("inspector: changes the College of Policing's part on the report page, then closes it through the check page", async () => {
    await page.goto(`${BASE}/reports/1`);
    await login(page, 'e2e-inspector');
    const row = page.locator('tr.part', { hasText: 'College of Policing' });
    await Promise.all([page.waitForLoadState('load'), row.getByRole('link', { name: /Change status/ }).click()]);
    await page.waitForLoadState('load');
    check(/^\/record\/national-parts\/\d+\/status$/.test(new URL(page.url()).pathname), `on the part's status form, not ${page.url()}`);
    await page.selectOption('#f-to', 'in_progress');
    await page.selectOption('#f-acceptance', 'accepted');
    await page.fill('#f-note', 'Accepted in its reply (test)');
    await submit(page);
    check(new URL(page.url()).pathname === '/reports/1', `back on the report, not ${page.url()}`);
    check((await row.locator('.govuk-tag').textContent()).trim() === 'In progress', 'the part is in progress');
    await Promise.all([page.waitForLoadState('load'), row.getByRole('link', { name: /Close/ }).click()]);
    await page.waitForLoadState('load');
    await submit(page);
    check(await page.locator('#f-outcome-error').isVisible(), 'the outcome is asked for by its field');
    check(await page.locator('#f-reason-error').isVisible(), 'and the reason by its own');
    await page.selectOption('#f-outcome', 'implemented');
    await page.fill('#f-reason', 'Guidance published (test)');
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    check((await page.locator('dl.check-answers').textContent()).includes('Guidance published (test)'), 'the reason is shown');
    await shot(page, 'check-close-national-part');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and close it' }).click()]);
    await page.waitForLoadState('load');
    check((await page.getByRole('status').textContent()).includes('part is closed'), 'a success message');
    await follow(page, 'See the report');
    check((await row.locator('.govuk-tag').textContent()).trim() === 'Closed \u2013 implemented', 'closed as implemented');
    check(await row.getByRole('link', { name: /Close/ }).count() === 0, 'no longer offered to close');
    await logout(page);
  });

  await step('inspector: adds a recommendation to the demo thematic report through the form and its check page', async () => {
    await page.goto(`${BASE}/reports/1`);
    await login(page, 'e2e-inspector');
    const before = await page.locator('section.shared-recommendation').count();
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Add a recommendation' }).click()]);
    await page.waitForLoadState('load');
    check(new URL(page.url()).pathname === '/record/reports/1/recommendations/new', `on the form, not ${page.url()}`);
    await submit(page);
    check(await page.locator('#f-number-error').isVisible(), 'the number is asked for by its field');
    check(await page.locator('#f-addressees-error').isVisible(), 'and the addressees by theirs');
    await page.fill('#f-number', '99');
    await page.fill('#f-text', 'Publish how each force records voluntary attendance (test)');
    await page.fill('#f-addressed_to', 'Chief constables and the College of Policing');
    await page.fill('#f-addressees', 'all_police norfolk-typo');
    await fillDate(page, 'deadline', '2026-03');
    await submit(page);
    check(await page.locator('#f-addressees-error').isVisible(), 'an unknown addressee is named by its field');
    check(await page.inputValue('#f-text') === 'Publish how each force records voluntary attendance (test)', 'what was typed is kept');
    await page.fill('#f-addressees', 'all_police college-of-policing');
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    check((await page.locator('dl.check-answers').textContent()).includes('March 2026'), 'the deadline is shown');
    await shot(page, 'check-add-report-recommendation');
    // Change: back to the form, filled, at the field
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /Change Addressed to/ }).click()]);
    await page.waitForLoadState('load');
    check(new URL(page.url()).hash === '#g-addressed_to', `at the field (${page.url()})`);
    check(await page.inputValue('#f-addressees') === 'all_police college-of-policing', 'the form comes back filled');
    await page.fill('#f-addressed_to', 'Chief constables; the College of Policing');
    await submit(page);
    check((await page.locator('dl.check-answers').textContent()).includes('Chief constables; the College of Policing'), 'the change is shown');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Add the recommendation' }).click()]);
    await page.waitForLoadState('load');
    check(new URL(page.url()).pathname === '/reports/1', `back on the report, not ${page.url()}`);
    check((await page.locator('.govuk-notification-banner--success').textContent()).includes('Recommendation 99 is added'), 'a success banner');
    check(await page.locator('section.shared-recommendation').count() === before + 1, 'the recommendation is on the report');
    const added = page.locator('section.shared-recommendation', { hasText: 'Recommendation 99' });
    check(await added.locator('tr.part', { hasText: 'College of Policing' }).count() === 1, "the College's part");
    check(await added.locator('tr.part', { hasText: 'Kent Police' }).count() === 1, "a force's part");
    await logout(page);
  });

  await step('admin: loads the four-level framework through the form and its check page; /frameworks shows it', async () => {
    const file = readFileSync(join(ROOT, 'docs/examples/policing-performance-2026.json'), 'utf8');
    const fw = JSON.parse(file);
    await page.goto(`${BASE}/frameworks`);
    await login(page, 'e2e-admin');
    await follow(page, 'Load a framework');
    check(new URL(page.url()).pathname === '/admin/frameworks', `on the admin page, not ${page.url()}`);
    await follow(page, 'Load a framework');
    await page.fill('#f-framework', '{"code": "x",\n"name": ,}');
    await submit(page);
    check((await page.locator('#f-framework-error').textContent()).includes('line 2'), 'bad JSON: the line, by the field');
    await page.fill('#f-framework', file);
    await submit(page);
    check((await page.locator('h1').textContent()).includes('Check your answers'), 'a check page first');
    const answers = await page.locator('dl.check-answers').textContent();
    for (const l of fw.levels) check(answers.includes(l.name), `the check page shows the level ${l.name}`);
    await shot(page, 'check-load-framework');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm and load' }).click()]);
    await page.waitForLoadState('load');
    check((await page.getByRole('status').textContent()).includes('is loaded'), 'the framework is loaded');
    await follow(page, 'See how monitoring works');
    check(new URL(page.url()).pathname === '/frameworks', `on /frameworks, not ${page.url()}`);
    const section = await page.content();
    let at = section.indexOf(`id="framework-${fw.code}"`);
    check(at > 0, 'the new framework has its section');
    for (const l of fw.levels) {
      const next = section.indexOf(`<strong>${l.name}</strong>`, at);
      check(next > at, `its level ${l.name} in order`);
      at = next;
    }
    await logout(page);
  });

  await step('the public body page needs no login', async () => {
    const r = await page.goto(`${BASE}/bodies/kent`);
    check(r.status() === 200, `GET /bodies/kent gave ${r.status()}`);
    check(await page.locator('#causes').count() === 0, 'no record sections');
  });
} finally {
  await browser.close();
}
console.log(`# ${n - failed} of ${n} passed`);
process.exit(failed ? 1 : 0);
