// axe.mjs: axe-core (node_modules/axe-core, pinned by package-lock.json) run
// in the page, for the browser suite. WCAG 2.2 AA: the rules tagged wcag2a,
// wcag2aa, wcag21a, wcag21aa and wcag22aa; any violation fails the check.
//
//   import { axePage, axePages } from './axe.mjs';
//   await axePages(step, context, 'inspector', ['/', '/engage', ...]);
//
// Each page checked is its own TAP line through the spec's step():
// "ok N - axe: PAGE as ROLE". A page is a path, or {path, name, status,
// before: async (page) => {...}} for a page state reached by acting on it
// (a form sent with errors), checked after `before` ran.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js', {
  paths: [process.env.NODE_PATH || '', join(process.env.E2E_ROOT || '.', 'node_modules')],
});
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/* The violations on the page now shown: [] when there are none. */
export async function axePage(page) {
  // the site's CSP allows no inline or foreign script: the context is made
  // with bypassCSP so axe can be added (see axeContext)
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS);
  return result.violations;
}

/* The violations as lines a person can act on. */
export function describe(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help}`);
    for (const node of v.nodes.slice(0, 5))
      lines.push(`    ${node.target.join(' ')}: ${(node.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return lines.join('\n');
}

/* A browser context for axe: the site's CSP is bypassed so the axe script
 * can be injected (the pages' own scripts are unchanged). */
export async function axeContext(browser, options = {}) {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, ...options });
}

/* Checks each of pages (paths or {path, name, status, before}) as role in
 * context, one step each. step(name, fn) is the spec's TAP step. */
export async function axePages(step, context, role, pages, base = process.env.E2E_BASE) {
  const page = await context.newPage();
  try {
    for (const p of pages) {
      const spec = typeof p === 'string' ? { path: p } : p;
      const name = spec.name || spec.path;
      await step(`axe: ${name} as ${role}`, async () => {
        const r = await page.goto(`${base}${spec.path}`);
        const want = spec.status || 200;
        if (r.status() !== want) throw new Error(`GET ${spec.path} gave ${r.status()}, not ${want}`);
        if (spec.before) await spec.before(page);
        const violations = await axePage(page);
        if (violations.length) throw new Error(`${violations.length} violation(s) on ${page.url()}:\n${describe(violations)}`);
      });
    }
  } finally {
    await page.close();
  }
}
