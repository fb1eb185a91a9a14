"""C07: target established in the EU, non-EU holdings within the SecNumCloud limits."""

from audit_fixtures import check, plan, provider, res

OWN = {"non_eu_largest_pct": 10, "non_eu_total_pct": 20, "source": "annual report 2025"}


def test_pass_from_a_valid_secnumcloud_qualification_or_declared_holdings():
    assert check("C07", plan([res("a")])).status == "PASS"
    f = check("C07", plan([res("a")], [provider(quals=[])]), {"target": {"ownership": OWN}})
    assert f.status == "PASS" and "annual report 2025" in f.reason


def test_fail_on_holdings_above_the_limits_a_non_eu_seat_or_exposure():
    over = {**OWN, "non_eu_largest_pct": 30, "non_eu_total_pct": 30}
    assert check("C07", plan([res("a")]), {"target": {"ownership": over}}).status == "FAIL"
    assert check("C07", plan([res("a")], [provider(hq="Seattle, United States")])).status == "FAIL"
    assert check("C07", plan([res("a")], [provider(exposure=True)])).status == "FAIL"


def test_unknown_without_qualification_or_holdings():
    f = check("C07", plan([res("a")], [provider(quals=[])]))
    assert f.status == "UNKNOWN" and "target.ownership" in f.reason
    assert check("C07", plan([res("a")], [provider(hq="Atlantis")])).status == "UNKNOWN"


def test_skipped_outside_its_profiles():
    from migrate.audit.run import run_audit
    from audit_fixtures import settings

    results = dict((c.id, f) for c, f in run_audit(plan([res("a")]), None, settings(), profile="fin"))
    assert results["C07"].status == "SKIPPED" and "profile fin" in results["C07"].reason
