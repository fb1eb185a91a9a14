"""C06: health data on an HDS host covering the service model."""

from audit_fixtures import check, line, plan, res, rid

EVIDENCE = {"target": {"hds_activities": [1, 2, 3, 5, 6]}}
DOC = plan([res("h", classification="health-nominative"), res("p")])


def test_pass_names_the_health_resources():
    f = check("C06", DOC, EVIDENCE)
    assert f.status == "PASS" and f.resources == (rid("h"),)


def test_fail_when_the_certificate_misses_activities_or_the_offer_is_not_hds():
    f = check("C06", DOC, {"target": {"hds_activities": [1, 2, 3]}})
    assert f.status == "FAIL" and "[5, 6]" in f.reason and f.resources == (rid("h"),)
    no_hds = plan([res("h", classification="health", targets={"alpha": line(offer="a-plain")}), res("p")])
    f = check("C06", no_hds, EVIDENCE)
    assert f.status == "FAIL" and f.resources == (rid("h"),)


def test_unknown_when_the_activities_are_not_declared():
    for evidence in (None, {}, {"target": {"hds_activities": []}}):
        f = check("C06", DOC, evidence)
        assert f.status == "UNKNOWN" and f.resources == (rid("h"),) and "hds_activities" in f.reason


def test_skipped_without_health_data():
    assert check("C06", plan([res("p")]), EVIDENCE).status == "SKIPPED"
