"""tests/report_skips.py: what counts as a skip, which are allowed, the summary line, the exit code."""
import os
import subprocess
import sys

import pytest

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "report_skips.py")
ALLOWED = "Gpu\\..*\tno CUDA device\tneed a CUDA device\nAtomicFile\\.Unwritable\trunning as root\tneeds a non-root user\n"


def gtest_skip(name, reason):
    return (f'<testcase name="{name}" status="notrun"><skipped message="SKIP_REGULAR_EXPRESSION_MATCHED"/>'
            f"<system-out>[ RUN      ] {name}\nx.cpp:3: Skipped\n{reason}\n\n[  SKIPPED ] {name} (0 ms)\n"
            "</system-out></testcase>")


def run(tmp_path, cases, allowed=ALLOWED):
    (tmp_path / "r.xml").write_text(f'<?xml version="1.0"?><testsuite tests="9">{"".join(cases)}</testsuite>')
    (tmp_path / "allowed.txt").write_text("# comment\n\n" + allowed)
    p = subprocess.run([sys.executable, SCRIPT, str(tmp_path / "r.xml"), str(tmp_path / "allowed.txt")],
                       capture_output=True, text=True)
    return p.returncode, p.stdout.strip().splitlines(), p.stderr


PASSED = '<testcase name="Ok.Test" status="run"><system-out>fine</system-out></testcase>'
FAILED = '<testcase name="Bad.Test" status="fail"><failure message=""/></testcase>'


def test_no_skips_is_a_clean_zero(tmp_path):
    rc, lines, _ = run(tmp_path, [PASSED, FAILED])
    assert rc == 0
    assert lines == ["skipped: 0 tests (allowed: none); not allowed: 0"]


def test_allowed_skips_are_counted_with_their_reason(tmp_path):
    rc, lines, _ = run(tmp_path, [PASSED, gtest_skip("Gpu.A", "no CUDA device"), gtest_skip("Gpu.B", "no CUDA device"),
                                  gtest_skip("AtomicFile.Unwritable", "running as root: permissions")])
    assert rc == 0
    assert lines[-1] == "skipped: 3 tests (allowed: 2 need a CUDA device, 1 needs a non-root user); not allowed: 0"
    assert "report_skips: allowed (need a CUDA device): Gpu.A: no CUDA device" in lines


def test_a_skip_for_missing_data_is_refused_by_name_and_reason(tmp_path):
    rc, lines, _ = run(tmp_path, [gtest_skip("EngineVsNvidia.Grid", "reference data not found at /x"),
                                  gtest_skip("Gpu.A", "no CUDA device")])
    assert rc == 1
    assert "report_skips: NOT ALLOWED: EngineVsNvidia.Grid skipped: reference data not found at /x" in lines
    assert lines[-1].endswith("not allowed: 1")


def test_an_allowed_name_with_another_reason_is_refused(tmp_path):
    rc, lines, _ = run(tmp_path, [gtest_skip("Gpu.A", "reference data not found")])
    assert rc == 1
    assert lines[0] == "report_skips: NOT ALLOWED: Gpu.A skipped: reference data not found"


@pytest.mark.parametrize("case, reason", [
    ('<testcase name="Py.t" status="notrun"><skipped message="m"/><system-out>'
     "SKIPPED [1] tests/python/x.py:3: no torch\n</system-out></testcase>", "tests/python/x.py:3: no torch"),
    ('<testcase name="Gtest.DISABLED_x" status="disabled"/>', "disabled"),
])
def test_pytest_skips_and_disabled_tests_count(tmp_path, case, reason):
    rc, lines, _ = run(tmp_path, [case])
    assert rc == 1
    assert reason in lines[0]


def test_an_unreadable_report_or_allow_list_is_exit_2(tmp_path):
    (tmp_path / "r.xml").write_text("<testsuite")
    (tmp_path / "allowed.txt").write_text(ALLOWED)
    p = subprocess.run([sys.executable, SCRIPT, str(tmp_path / "r.xml"), str(tmp_path / "allowed.txt")],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "cannot read the test report" in p.stderr
    rc, _, err = run(tmp_path, [PASSED], allowed="Gpu only one field\n")
    assert rc == 2 and "expected NAME_REGEX<TAB>REASON_REGEX<TAB>WHY" in err
