"""C10: administration and supervision from the EU."""

from audit_fixtures import check, plan, res, settings


def test_pass_fail_unknown():
    doc = plan([res("a")])
    assert check("C10", doc, {"target": {"administration_countries": ["FR", "Germany"]}}).status == "PASS"
    f = check("C10", doc, {"target": {"administration_countries": ["FR", "IN"]}})
    assert f.status == "FAIL" and "IN" in f.reason
    assert check("C10", doc, {}).status == "UNKNOWN"
    assert check("C10", doc, {"target": {"administration_countries": []}}).status == "UNKNOWN"


def test_skipped_outside_its_profiles():
    from migrate.audit.run import run_audit

    results = {c.id: f for c, f in run_audit(plan([res("a")]), None, settings(), profile="fin")}
    assert results["C10"].status == "SKIPPED"
