#!/usr/bin/env python3
"""Counts test cases in a meson testlog.json: each TAP 'ok' / 'not ok' line is
one case; a test program that failed without reporting a failing case (crash,
sanitizer abort, timeout) counts as one failure. Prints 'PASSED FAILED'."""
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
        bad = len(re.findall(r"^not ok \d+", out, re.M))
        if t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and bad == 0:
            bad = 1
            print(f"  {t.get('name')}: {t.get('result')} without a failing case (crash, sanitizer or timeout)", file=sys.stderr)
        passed += ok
        failed += bad
print(passed, failed)
