// wcag.spec.mjs: axe-core on every page state for every role the suite logs
// in as (anonymous, inspector, HMCI, a body's user, a local policing body's
// user): zero violations of WCAG 2.2 AA (tests/e2e/axe.mjs). Runs after
// forms.spec.mjs (the files run in name order), so Kent's record then has
// the recommendation, cause of concern and letter that spec made; pages that
// need an id take it from the API. Also: the error summary takes the focus
// and the title says "Error: " on a page with errors; a page with errors
// ties each field to its hint and error (aria-describedby).
//
// A new page is one more line in a list below.
import { chromium } from 'playwright-core';
import { axeContext, axePages } from './axe.mjs';

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
    for (const line of String(e && e.message ? e.message : e).split('\n').slice(0, 40)) console.log(`  ${line}`);
  }
}

function check(cond, what) {
  if (!cond) throw new Error(what);
}

/* Sends the page's form as it is (empty fields give errors), then checks
 * what a page with errors must do beside axe's rules. */
async function sendWithErrors(page) {
  await Promise.all([page.waitForLoadState('load'), page.click('form.form .form-buttons button[type=submit]')]);
  await page.waitForLoadState('load');
  check(await page.locator('.govuk-error-summary').count() === 1, `an error summary on ${page.url()}`);
  check((await page.title()).startsWith('Error: '), `the title says "Error: " (${await page.title()})`);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
  check(String(focused).includes('error-summary'), `the focus is on the error summary, not on .${focused}`);
  // every field in error names its error (and hint) in aria-describedby
  const loose = await page.evaluate(() => [...document.querySelectorAll('.govuk-error-message[id]')]
    .filter((m) => !document.querySelector(`[aria-describedby~="${m.id}"]`)).map((m) => m.id));
  check(loose.length === 0, `errors not tied to their fields: ${loose.join(', ')}`);
}
const withErrors = (path, name) => ({ path, name: `${name || path} (sent with errors)`, before: sendWithErrors });

/* A framework file (docs/frameworks.md) with codes no framework holds. */
const TRIAL_FRAMEWORK = JSON.stringify({
  code: 'axe-trial', name: 'Trial', in_force_from: '2030-01-01',
  levels: [{ code: 'axe-one', name: 'One', description: 'Routine' }, { code: 'axe-two', name: 'Two', description: 'Closer' }],
  transitions: [{ from: 'axe-one', to: 'axe-two', recommended_by: 'inspector', decided_by: 'hmci' }],
});

/* The load form sent with a file that breaks a rule: the error by the field. */
async function brokenFramework(page) {
  await page.fill('#f-framework', TRIAL_FRAMEWORK.replace('"hmci"', '"analyst"'));
  await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type=submit]')]);
  await page.waitForLoadState('load');
  check((await page.locator('#f-framework-error').textContent()).includes('transitions[0].decided_by'), 'the path named');
}

/* The load form sent with a good file: its check page (not confirmed). */
async function frameworkCheck(page) {
  await page.fill('#f-framework', TRIAL_FRAMEWORK);
  await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type=submit]')]);
  await page.waitForLoadState('load');
  check((await page.locator('h1').textContent()).includes('Check your answers'), `a check page, not ${page.url()}`);
}

/* The add-a-theme form filled: its check page (not confirmed). */
async function themeCheck(page) {
  await page.fill('#f-code', 'axe_trial');
  await page.fill('#f-name', 'Trial theme');
  await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type=submit]')]);
  await page.waitForLoadState('load');
  check((await page.locator('h1').textContent()).includes('Check your answers'), `a check page, not ${page.url()}`);
}

/* Logs the context in as user through the API (its cookie is the context's). */
async function logIn(context, user) {
  const r = await context.request.post(`${BASE}/api/v1/session`, {
    data: { username: user, password: `password-${user}` },
  });
  check(r.status() === 201, `log in as ${user}: ${r.status()}`);
  return (await r.json()).csrf_token;
}

/* Sends a draft letter's block emptied: the letter's page with the error
 * at the block (issue #17 item 6). */
async function blankBlock(page) {
  await page.fill('#f-1-text', '');
  await Promise.all([page.waitForLoadState('load'), page.click('#block-1 button[type=submit]')]);
  await page.waitForLoadState('load');
  check(await page.locator('.govuk-error-summary').count() === 1, `an error summary on ${page.url()}`);
  check((await page.title()).startsWith('Error: '), `the title says "Error: " (${await page.title()})`);
}

/* Presses the letter page's Approve: the check page with its preview. */
/* The form filled, then Continue: its check page. */
async function addRecCheck(page) {
  await page.fill('#f-number', '98');
  await page.fill('#f-text', 'A recommendation for the accessibility check');
  await page.fill('#f-addressed_to', 'The College of Policing');
  await page.fill('#f-addressees', 'college-of-policing');
  await Promise.all([page.waitForLoadState('load'), page.click('form.form .form-buttons button[type=submit]')]);
  await page.waitForLoadState('load');
  check((await page.locator('h1').textContent()).includes('Check your answers'), `a check page, not ${page.url()}`);
}

/* The report form with a second block ("Add another recommendation"). */
async function reportTwoBlocks(page) {
  await page.fill('#f-title', 'A report for the accessibility check');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Add another recommendation' }).click()]);
  await page.waitForLoadState('load');
  check(await page.locator('#f-r2_number').count() === 1, 'a second block');
  check(await page.inputValue('#f-title') === 'A report for the accessibility check', 'what was typed is kept');
}

/* The report form filled, then Continue: its check page. */
async function reportCheck(page) {
  await page.fill('#f-title', 'A report for the accessibility check');
  await page.selectOption('#f-kind', 'thematic');
  await page.selectOption('#f-coverage', 'several');
  await page.check('#f-bodies-kent');
  await page.fill('#f-published_on-day', '1');
  await page.fill('#f-published_on-month', '2');
  await page.fill('#f-published_on-year', '2025');
  await page.fill('#f-r1_number', '1');
  await page.fill('#f-r1_text', 'Do the thing');
  await page.fill('#f-r1_addressed_to', 'Kent');
  await page.fill('#f-r1_addressees', 'kent');
  await Promise.all([page.waitForLoadState('load'), page.click('form.form .form-buttons button[type=submit]')]);
  await page.waitForLoadState('load');
  check((await page.locator('h1').textContent()).includes('Check your answers'), `a check page, not ${page.url()}`);
}

async function approveCheck(page) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Approve the letter' }).click()]);
  await page.waitForLoadState('load');
  check((await page.locator('h1').textContent()).includes('Check your answers'), `a check page, not ${page.url()}`);
}

/* The first id in an entity list the context may read, or null. */
async function firstId(context, path) {
  const r = await context.request.get(`${BASE}${path}`);
  if (r.status() !== 200) return null;
  const items = (await r.json()).items || [];
  return items.length ? items[0].id : null;
}

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});

let draftLetter = 0;   // made by the inspector below

try {
  // the pages everyone sees; letter 1 is the demo's published letter (the Met's return to Scan)
  const PUBLIC = ['/', '/?sort=phase', '/bodies/met', '/bodies/kent', '/bodies/bucks-frs', '/engage', '/timeline',
    '/letters', '/letters?body=met', '/letters/1.html', '/releases', '/releases?body=met', '/releases/1',
    '/reports', '/reports?body=met', '/reports/1', '/frameworks'];
  const ERRORS = [{ path: '/no/such/page', name: 'an error page (404)', status: 404 }];

  // anonymous
  {
    const ctx = await axeContext(browser);
    await axePages(step, ctx, 'anonymous', [
      ...PUBLIC,
      '/login',
      withErrors('/login', '/login'),
      ...ERRORS,
      '/recommendations', '/recommendations?status=all', '/recommendations/1', '/causes-of-concern/3',
      '/search', '/search?q=exploitation',
      { path: '/search?q=x&from=2024-02-30', name: 'a search with errors (400)', status: 400 },
    ]);
    await ctx.close();
  }

  // inspector: the record forms, with and without errors
  {
    const ctx = await axeContext(browser);
    const csrf = await logIn(ctx, 'e2e-inspector');
    // a draft letter to edit (its page) and, for HMCI below, to approve
    const drafted = await ctx.request.post(`${BASE}/api/v1/letters`, {
      data: { body: 'met', kind: 'return_to_scan' }, headers: { 'X-CSRF-Token': csrf },
    });
    draftLetter = drafted.status() === 201 ? (await drafted.json()).id : 0;
    const rec = await firstId(ctx, '/api/v1/recommendations?body=met');
    const cause = await firstId(ctx, '/api/v1/causes-of-concern?body=met');
    const insp = await firstId(ctx, '/api/v1/inspections?body=met');
    await step('the demo has a recommendation, a cause of concern and an inspection of the Met', async () => {
      check(rec && cause && insp, `ids: ${rec}, ${cause}, ${insp}`);
    });
    // the College of Policing's part of the demo's report (a national body's part)
    const report = await (await ctx.request.get(`${BASE}/api/v1/reports/1`)).json();
    const part = (report.recommendations || []).flatMap((r) => r.parts || []).find((p) => p.kind === 'national');
    await step("the demo report has a national body's part", async () => {
      check(part, 'no national part in /api/v1/reports/1');
    });
    await axePages(step, ctx, 'inspector', [
      ...PUBLIC,
      '/login',
      `/recommendations/${rec}`,
      `/causes-of-concern/${cause}`,
      `/record/inspections/${insp}`,
      `/record/inspections/${insp}/edit`,
      '/record/inspections/new?body=kent',
      withErrors('/record/inspections/new?body=kent'),
      `/record/recommendations/new?body=met&inspection_id=${insp}`,
      withErrors(`/record/recommendations/new?body=met&inspection_id=${insp}`),
      `/record/recommendations/${rec}/status`,
      withErrors(`/record/recommendations/${rec}/status`),
      `/record/recommendations/${rec}/deadline`,
      withErrors(`/record/recommendations/${rec}/deadline`),
      `/record/causes-of-concern/${cause}/close`,
      `/record/causes-of-concern/${cause}/supersede`,
      withErrors(`/record/causes-of-concern/${cause}/supersede`),
      `/record/causes-of-concern/${cause}/withdraw`,
      `/record/recommendations/${rec}/supersede`,
      withErrors(`/record/recommendations/${rec}/supersede`),
      `/record/recommendations/${rec}/withdraw`,
      withErrors(`/record/recommendations/${rec}/withdraw`),
      `/record/recommendations/${rec}/themes`,
      `/record/causes-of-concern/${cause}/themes`,
      `/record/national-parts/${part && part.id}/status`,
      withErrors(`/record/national-parts/${part && part.id}/status`),
      `/record/national-parts/${part && part.id}/close`,
      withErrors(`/record/national-parts/${part && part.id}/close`),
      '/record/reports/new',
      withErrors('/record/reports/new'),
      { path: '/record/reports/new', name: 'the report form with two recommendations', before: reportTwoBlocks },
      { path: '/record/reports/new', name: 'the check page before recording a report', before: reportCheck },
      '/record/reports/1/recommendations/new',
      withErrors('/record/reports/1/recommendations/new'),
      { path: '/record/reports/1/recommendations/new', name: 'the check page before adding a recommendation', before: addRecCheck },
      '/recommendations?status=all&theme=child_protection&priority=1', '/deadlines?theme=child_protection',
      '/work?priority=1', '/search?q=children&theme=child_protection&priority=1',
      '/recommendations?status=all', '/search?q=exploitation', '/import',
      `/letters/${draftLetter}.html`,
      { path: `/letters/${draftLetter}.html`, name: 'a draft letter with a blank block', status: 200, before: blankBlock },
      ...ERRORS,
    ]);
    await ctx.close();
  }

  // HMCI: the phase decision
  {
    const ctx = await axeContext(browser);
    await logIn(ctx, 'e2e-hmci');
    await axePages(step, ctx, 'HMCI', [
      ...PUBLIC,
      `/letters/${draftLetter}.html`,
      { path: `/letters/${draftLetter}.html`, name: 'the check page before approving a letter', before: approveCheck },
      '/record/bodies/kent/decision',
      withErrors('/record/bodies/kent/decision'),
      ...ERRORS,
    ]);
    await ctx.close();
  }

  // admin: the body changes (forms.spec.mjs merged West into Avon: the board shows them retired)
  {
    const ctx = await axeContext(browser);
    await logIn(ctx, 'e2e-admin');
    await axePages(step, ctx, 'admin', [
      '/', '/admin/bodies', '/admin/bodies/new', withErrors('/admin/bodies/new'),
      '/record/bodies/kent/rename', withErrors('/record/bodies/kent/rename'),
      '/record/bodies/kent/merge', withErrors('/record/bodies/kent/merge'),
      '/record/bodies/kent/retire', withErrors('/record/bodies/kent/retire'),
      '/frameworks', '/admin/frameworks', '/admin/frameworks/new', withErrors('/admin/frameworks/new'),
      { path: '/admin/frameworks/new', name: '/admin/frameworks/new (a rule broken)', before: brokenFramework },
      { path: '/admin/frameworks/new', name: '/admin/frameworks/new (its check page)', before: frameworkCheck },
      '/admin/themes', '/admin/themes/new', withErrors('/admin/themes/new'),
      { path: '/admin/themes/new', name: '/admin/themes/new (its check page)', before: themeCheck },
      ...ERRORS,
    ]);
    await ctx.close();
  }

  // a body's user (Kent): its own record and progress
  {
    const ctx = await axeContext(browser);
    await logIn(ctx, 'e2e-kent');
    const rec = await firstId(ctx, '/api/v1/recommendations?body=kent');
    const own = rec ? [`/recommendations/${rec}`, `/record/progress-updates/new?recommendation_id=${rec}`,
      withErrors(`/record/progress-updates/new?recommendation_id=${rec}`)] : [];
    await axePages(step, ctx, 'body user', [
      ...PUBLIC,
      ...own,
      { path: '/record/inspections/new?body=essex', name: 'another body\'s form (403)', status: 403 },
      ...ERRORS,
    ]);
    await ctx.close();
  }

  // Kent's local policing body: its PCC response
  {
    const ctx = await axeContext(browser);
    await logIn(ctx, 'e2e-kent-lpb');
    // the response form is for one of Kent's inspections (forms.spec.mjs recorded one)
    const insp = await firstId(ctx, '/api/v1/inspections?body=kent');
    const form = insp ? [`/record/pcc-responses/new?inspection_id=${insp}`,
      withErrors(`/record/pcc-responses/new?inspection_id=${insp}`)] : [];
    // and the answer to one recommendation of a response (s.55(5B))
    const resp = await firstId(ctx, '/api/v1/pcc-responses?body=kent');
    if (resp) form.push(`/record/pcc-recommendation-responses/new?response_id=${resp}`,
      withErrors(`/record/pcc-recommendation-responses/new?response_id=${resp}`));
    await axePages(step, ctx, 'LPB user', [
      ...PUBLIC,
      ...form,
      ...ERRORS,
    ]);
    await ctx.close();
  }
} finally {
  await browser.close();
}
process.exitCode = failed ? 1 : 0;
