"""C02: resources linked to a business function and its criticality."""

from audit_fixtures import check, plan, res, rid


def test_pass():
    assert check("C02", plan([res("a"), res("b", critical=True)])).status == "PASS"


def test_unknown_names_resources_without_function_or_criticality():
    f = check("C02", plan([res("a", function=None), res("b", critical=None), res("c")]))
    assert f.status == "UNKNOWN" and f.resources == (rid("a"), rid("b")) and "critical_functions" in f.reason


def test_evidence_completes_the_labels():
    doc = plan([res("a", function=None, critical=None)])
    assert check("C02", doc, {"critical_functions": [{"name": "care", "resources": ["*"], "critical": True}]}
                 ).status == "PASS"


def test_no_fail_from_missing_labels_and_skipped_when_nothing_moves():
    # a missing label is an input to give, never a failure
    assert check("C02", plan([res("a", function=None, critical=None)])).status == "UNKNOWN"
    assert check("C02", plan([res("r", disp="retire")])).status == "SKIPPED"
