"""C24: the exit fits the end and notice of every Azure contract."""

from audit_fixtures import check, full_evidence, plan, provider, res


def test_pass():
    assert check("C24", plan([res("a")]), full_evidence()).status == "PASS"


def test_fail_when_the_exit_ends_late_or_notice_is_past():
    late = full_evidence()
    late["exit_plan"]["planned_end"] = "2028-03-01"
    assert check("C24", plan([res("a")]), late).status == "FAIL"
    notice = full_evidence()
    notice["contracts"][0]["end_date"] = "2026-12-01"
    notice["exit_plan"]["planned_end"] = "2026-11-30"
    f = check("C24", plan([res("a")]), notice)
    assert f.status == "FAIL" and "notice" in f.reason


def test_every_azure_contract_is_read():
    second = full_evidence()
    second["contracts"].append({"party": "azure", "name": "EA enrolment", "end_date": "2027-03-31", "notice_days": 30})
    f = check("C24", plan([res("a")]), second)
    assert f.status == "FAIL" and "EA enrolment" in f.reason


def test_a_missing_notice_is_unknown_never_zero_days():
    ev = full_evidence()
    del ev["contracts"][0]["notice_days"]
    f = check("C24", plan([res("a")]), ev)
    assert f.status == "UNKNOWN" and "contracts[0].notice_days" in f.reason


def test_p90_duration_stands_in_for_a_planned_end():
    p90 = full_evidence()
    del p90["exit_plan"]["planned_end"]
    dist = {"duration_months": {"p50": 6, "p90": 9}}
    assert check("C24", plan([res("a")], [provider(effort_distribution=dist)]), p90).status == "PASS"
    dist = {"duration_months": {"p50": 6, "p90": 14}}
    assert check("C24", plan([res("a")], [provider(effort_distribution=dist)]), p90).status == "FAIL"
    assert check("C24", plan([res("a")]), p90).status == "UNKNOWN"
    assert check("C24", plan([res("a")]), {}).status == "UNKNOWN"
