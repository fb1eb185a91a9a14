"""C27: exit tested within 12 months with a real transfer (drill evidence)."""

from audit_fixtures import check, drill, full_evidence, plan, res


def with_test(**t):
    e = full_evidence()
    e["exit_tests"] = [t]
    return check("C27", plan([res("a")]), e)


def wrapped(doc):
    return {"path": "d.json", "exists": True, "document": doc}


def test_pass_and_the_date_defaults_to_the_drill():
    assert check("C27", plan([res("a")]), full_evidence()).status == "PASS"
    assert with_test(kind="drill", drill_evidence=wrapped(drill())).status == "PASS"


def test_fail_for_paper_old_or_failed_tests():
    assert with_test(date="2026-10-01", kind="tabletop").status == "FAIL"
    assert with_test(date="2025-06-01", kind="drill", drill_evidence=wrapped(drill())).status == "FAIL"
    f = with_test(date="2026-10-01", kind="full", report={"path": "r.pdf", "exists": True})
    assert f.status == "FAIL" and "r.pdf" in f.reason
    assert with_test(date="2026-10-01", kind="drill", drill_evidence=wrapped(drill(mismatches=1))).status == "FAIL"
    assert with_test(date="2026-10-01", kind="drill", drill_evidence=wrapped(drill(result="failed"))).status == "FAIL"


def test_unknown_without_tests():
    f = check("C27", plan([res("a")]), {"exit_tests": []})
    assert f.status == "UNKNOWN" and "exit_tests" in f.reason
    assert check("C27", plan([res("a")])).status == "UNKNOWN"
