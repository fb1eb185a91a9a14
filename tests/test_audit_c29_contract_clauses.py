"""C29: every contract carries the exit clauses, notice <= 2 months, retrieval >= 30 days."""

from audit_fixtures import check, full_evidence, plan, res


def test_pass_reads_every_contract():
    f = check("C29", plan([res("a")]), full_evidence())
    assert f.status == "PASS" and "2 contract(s)" in f.reason


def test_fail_on_absent_clauses_long_notice_short_retrieval_in_any_contract():
    e = full_evidence()
    e["contracts"][1]["clauses"]["erasure"] = False
    e["contracts"][1]["notice_days"] = 90
    e["contracts"][1]["retrieval_days"] = 10
    f = check("C29", plan([res("a")]), e)
    assert f.status == "FAIL" and "alpha terms" in f.reason and "erasure" in f.reason
    assert "notice 90" in f.reason and "retrieval period 10" in f.reason


def test_missing_terms_are_unknown_never_defaults_that_pass():
    e = full_evidence()
    del e["contracts"][0]["notice_days"]
    del e["contracts"][0]["clauses"]["erasure"]
    f = check("C29", plan([res("a")]), e)
    assert f.status == "UNKNOWN" and "contracts[0].notice_days" in f.reason and "erasure" in f.reason
    assert check("C29", plan([res("a")]), {"contracts": []}).status == "UNKNOWN"
