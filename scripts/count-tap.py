#!/usr/bin/env python3
"""Counts test cases in a meson testlog.json: each TAP 'ok' / 'not ok' line is
one case; a test program that failed without reporting a failing case (crash,
sanitizer abort, timeout) counts as one failure. Prints 'PASSED FAILED', and
each failure (the test's name and its 'not ok' line) on standard error."""
import json, re, sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        out = t.get("stdout") or ""
        ok = len(re.findall(r"^ok \d+", out, re.M))
        bad = 0
        olines = out.splitlines()
        for i, l in enumerate(olines):
            if re.match(r"^not ok \d+", l):
                bad += 1
                print(f"  {t.get('name')}: {l}", file=sys.stderr)
                # cmocka's reasons follow as "# " lines (before or after): a few of them
                near = [x for x in olines[max(0, i - 4):i + 5] if x.startswith("#")][:4]
                for x in near:
                    print(f"      {x}", file=sys.stderr)
        if t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and bad == 0:
            bad = 1
            print(f"  {t.get('name')}: {t.get('result')} without a failing case (crash, sanitizer or timeout)", file=sys.stderr)
        passed += ok
        failed += bad
print(passed, failed)
