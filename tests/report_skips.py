#!/usr/bin/env python3
"""Counts the tests a ctest run skipped, says why, and refuses skips not allowed.

    python3 tests/report_skips.py RESULTS.xml [ALLOWED.txt]

RESULTS.xml is ctest's JUnit report (`ctest --output-junit`). ALLOWED.txt
(default: tests/allowed_skips.txt beside this script) lists the skips the
project accepts, one per line: a regular expression for the ctest name, a tab,
a regular expression the skip's reason must contain, a tab, and why it is
allowed. Everything else that did not run (a GoogleTest GTEST_SKIP, a pytest
skip, a disabled test) is a missing prerequisite and counts against the run.

Prints one summary line last, e.g.
    skipped: 4 tests (allowed: 4 need a CUDA device); not allowed: 0
and exits 1 when a skip is not allowed, 2 when the report cannot be read.
Standard library only: it runs before anything else is known to work.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

STATUSES_NOT_RUN = {"notrun", "disabled"}


def read_allowed(path):
    """[(name_regex, reason_regex, why)] from ALLOWED.txt; '#' starts a comment."""
    rules = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3:
                raise ValueError(f"{path}:{number}: expected NAME_REGEX<TAB>REASON_REGEX<TAB>WHY, got {line!r}")
            rules.append((re.compile(fields[0]), re.compile(fields[1]), fields[2]))
    return rules


def skip_reason(case):
    """The reason GoogleTest or pytest printed for a skip, else ctest's message."""
    out = case.findtext("system-out") or ""
    gtest = re.search(r"Skipped\n(.*?)\n\s*\n?\[  SKIPPED \]", out, re.S)
    if gtest and gtest.group(1).strip():
        return " ".join(gtest.group(1).split())
    pytest = re.search(r"SKIPPED \[\d+\] ([^\n]*)", out)
    if pytest:
        return pytest.group(1).strip()
    if case.get("status") == "disabled":
        return "disabled"
    skipped = case.find("skipped")
    return (skipped.get("message") if skipped is not None else None) or "no reason given"


def classify(cases, rules):
    """Splits the cases that did not run into (allowed, refused): [(name, reason, why)]."""
    allowed, refused = [], []
    for case in cases:
        if case.get("status") not in STATUSES_NOT_RUN and case.find("skipped") is None:
            continue
        name, reason = case.get("name", "?"), skip_reason(case)
        rule = next((r for r in rules if r[0].fullmatch(name) and r[1].search(reason)), None)
        (allowed if rule else refused).append((name, reason, rule[2] if rule else None))
    return allowed, refused


def summary(allowed, refused):
    whys = {}
    for _, _, why in allowed:
        whys[why] = whys.get(why, 0) + 1
    parts = ", ".join(f"{n} {why}" for why, n in sorted(whys.items()))
    total = len(allowed) + len(refused)
    return (f"skipped: {total} test{'s' if total != 1 else ''}"
            f" (allowed: {parts if parts else 'none'}); not allowed: {len(refused)}")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    allowed_path = argv[2] if len(argv) == 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                               "allowed_skips.txt")
    try:
        rules = read_allowed(allowed_path)
        cases = ET.parse(argv[1]).getroot().iter("testcase")
        allowed, refused = classify(cases, rules)
    except (OSError, ValueError, ET.ParseError) as e:
        print(f"report_skips: cannot read the test report: {e}", file=sys.stderr)
        return 2
    for name, reason, _ in refused:
        print(f"report_skips: NOT ALLOWED: {name} skipped: {reason}")
    for name, reason, why in allowed:
        print(f"report_skips: allowed ({why}): {name}: {reason}")
    print(summary(allowed, refused))
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
