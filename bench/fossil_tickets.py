#!/usr/bin/env python3
"""bench/fossil_tickets.py (from the peers harness, gen_ticket_artifacts.py):
Generate N Fossil ticket-change artifacts (documented file format, see
https://fossil-scm.org/home/doc/trunk/www/fileformat.wiki#tktchng) into DIR,
one file per artifact, for bulk loading with `fossil reconstruct`.

Fields: title, status (Open ~30% / Closed), deadline (YYYY-MM-DD text),
org (one of 1,000 organisation names), type.
Deterministic (seeded) so every run builds the same data set.
"""
import hashlib
import os
import random
import sys


def fossilize(s):
    # Fossil card value encoding (defossilize inverse)
    out = []
    for ch in s:
        if ch == ' ':
            out.append('\\s')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif ch == '\\':
            out.append('\\\\')
        elif ch == '\r':
            out.append('\\r')
        else:
            out.append(ch)
    return ''.join(out)


def main():
    n = int(sys.argv[1])
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    rnd = random.Random(20240601)
    orgs = ["Organisation %04d" % i for i in range(1000)]
    words = ["improve", "review", "publish", "audit", "strengthen", "monitor",
             "clarify", "update", "establish", "reduce", "policy", "budget",
             "safety", "reporting", "procurement", "training", "governance",
             "controls", "data", "records"]
    for i in range(n):
        is_open = rnd.random() < 0.30
        status = "Open" if is_open else "Closed"
        title = "Recommendation %d: %s" % (
            i + 1, " ".join(rnd.choice(words) for _ in range(6)))
        y = rnd.choice([2023, 2024, 2025, 2026])
        deadline = "%04d-%02d-%02d" % (y, rnd.randint(1, 12), rnd.randint(1, 28))
        org = rnd.choice(orgs)
        tkt = hashlib.sha1(("bench-ticket-%d" % i).encode()).hexdigest()
        # D time: spread over 2023, unique per ticket
        secs = i * 60
        d = "2023-01-%02dT%02d:%02d:%02d.000" % (
            1 + secs // 86400 % 28, secs // 3600 % 24, secs // 60 % 60, secs % 60)
        fields = {
            "deadline": deadline,
            "org": org,
            "status": status,
            "title": title,
            "type": "Recommendation",
        }
        lines = ["D %s" % d]
        for k in sorted(fields):
            lines.append("J %s %s" % (k, fossilize(fields[k])))
        lines.append("K %s" % tkt)
        lines.append("U bench")
        body = "\n".join(lines) + "\n"
        z = hashlib.md5(body.encode()).hexdigest()
        body += "Z %s\n" % z
        with open(os.path.join(outdir, "t%06d" % i), "w") as f:
            f.write(body)


if __name__ == "__main__":
    main()
