// openapi.spec.mjs: the API description the server serves
// (GET /api/v1/openapi.json, generated from the route table) passes
// Redocly's linter (npm @redocly/cli, pinned in package-lock.json) with its
// recommended rules: no errors and no warnings. Telemetry and update checks
// are off; nothing leaves the machine. Prints TAP lines for tests/e2e/run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.E2E_BASE;
const root = process.env.E2E_ROOT;
let failed = 0;
const ok = (cond, name, detail) => {
    if (cond) console.log(`ok - ${name}`);
    else { failed++; console.log(`not ok - ${name}`); if (detail) console.log(String(detail).split('\n').map(l => '  ' + l).join('\n')); }
};

const res = await fetch(`${base}/api/v1/openapi.json`);
ok(res.status === 200 && (res.headers.get('content-type') || '').startsWith('application/json'),
   'GET /api/v1/openapi.json answers 200 with JSON');
const doc = await res.json();
ok(doc.openapi === '3.1.0', 'the document is OpenAPI 3.1');

const dir = mkdtempSync(join(tmpdir(), 'oversight-openapi-'));
try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    let out = '', code = 0;
    try {
        out = execFileSync(join(root, 'node_modules/.bin/redocly'), ['lint', '--format=json', file], {
            env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
            stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8',
        });
    } catch (e) { out = e.stdout || ''; code = e.status ?? 1; }
    let problems = null;
    try { problems = JSON.parse(out).problems; } catch { /* reported below */ }
    ok(code === 0 && Array.isArray(problems) && problems.length === 0,
       'redocly lint: no errors and no warnings',
       problems ? problems.slice(0, 10).map(p => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`).join('\n')
                : `exit ${code}: ${out.slice(0, 500)}`);
} finally {
    rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
