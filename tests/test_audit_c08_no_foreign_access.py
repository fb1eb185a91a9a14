"""C08: no non-EU third party with technical access to the data."""

from audit_fixtures import check, line, plan, res, settings


def test_pass_when_every_data_offer_is_secnumcloud_or_evidence_says_so():
    assert check("C08", plan([res("a")])).status == "PASS"
    mixed = plan([res("a"), res("b", targets={"alpha": line(offer="a-plain")})])
    assert check("C08", mixed, {"target": {"non_eu_technical_access": False}}).status == "PASS"


def test_fail_when_the_evidence_declares_access():
    assert check("C08", plan([res("a")]), {"target": {"non_eu_technical_access": True}}).status == "FAIL"


def test_unknown_names_the_unqualified_offers():
    f = check("C08", plan([res("a"), res("b", targets={"alpha": line(offer="a-plain")})]))
    assert f.status == "UNKNOWN" and "a-plain" in f.reason and "non_eu_technical_access" in f.reason


def test_skipped_outside_its_profiles():
    from migrate.audit.run import run_audit

    results = {c.id: f for c, f in run_audit(plan([res("a")]), None, settings(), profile="fin")}
    assert results["C08"].status == "SKIPPED"
