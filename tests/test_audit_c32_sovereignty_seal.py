"""C32: the target meets the minimum SEAL per sovereignty objective (EU Cloud Sovereignty Framework)."""

from audit_fixtures import check, plan, provider, res, sovereignty


def test_pass_when_every_objective_reaches_the_requirement():
    doc = plan([res("a")], [provider(sovereignty=sovereignty())])
    f = check("C32", doc, sovereignty_require=["seal-3"])
    assert f.status == "PASS" and "SEAL-3" in f.reason


def test_fail_names_the_objectives_below():
    doc = plan([res("a")], [provider(sovereignty=sovereignty((4, 2, 3, 3, 3, 3, 1, 3)))])
    f = check("C32", doc, sovereignty_require=["seal-3"])
    assert f.status == "FAIL" and "SOV-2 SEAL-2 < SEAL-3" in f.reason and "SOV-7 SEAL-1" in f.reason
    assert check("C32", doc, sovereignty_require=["sov-1>=4"]).status == "PASS"


def test_requirements_the_plan_was_made_under_count():
    doc = plan([res("a")], [provider(sovereignty=sovereignty((2,) * 8))], inputs={"requirements": ["sov-5>=3"]})
    assert check("C32", doc).status == "FAIL"


def test_unknown_when_levels_are_missing():
    assert check("C32", plan([res("a")]), sovereignty_require=["seal-2"]).status == "UNKNOWN"
    doc = plan([res("a")], [provider(sovereignty=sovereignty((3, 3, None, 3, 3, 3, 3, 3)))])
    f = check("C32", doc, sovereignty_require=["seal-2"])
    assert f.status == "UNKNOWN" and "SOV-3" in f.reason


def test_skipped_without_a_requirement():
    doc = plan([res("a")], [provider(sovereignty=sovereignty())], inputs={"requirements": ["secnumcloud"]})
    assert check("C32", doc).status == "SKIPPED"
