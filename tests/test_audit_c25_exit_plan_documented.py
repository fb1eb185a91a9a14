"""C25: a documented, approved exit plan covering the required scenarios."""

from audit_fixtures import check, full_evidence, plan, res


def test_pass_names_who_approved_it_and_when():
    f = check("C25", plan([res("a")]), full_evidence())
    assert f.status == "PASS" and "management body on 2026-06-15" in f.reason


def test_an_unapproved_plan_does_not_pass():
    ev = full_evidence()
    del ev["exit_plan"]["approved_by"]
    f = check("C25", plan([res("a")]), ev)
    assert f.status == "UNKNOWN" and "exit_plan.approved_by.by" in f.reason
    ev["exit_plan"]["approved_by"] = {"by": "board"}
    assert check("C25", plan([res("a")]), ev).status == "UNKNOWN"


def test_fail_on_missing_scenarios_a_missing_file_or_a_future_approval():
    few = full_evidence()
    few["exit_plan"]["scenarios"] = ["termination"]
    f = check("C25", plan([res("a")]), few)
    assert f.status == "FAIL" and "interruption" in f.reason
    gone = full_evidence()
    gone["exit_plan"]["document"] = {"path": "gone.pdf", "exists": False}
    assert check("C25", plan([res("a")]), gone).status == "FAIL"
    future = full_evidence()
    future["exit_plan"]["approved_by"]["date"] = "2027-01-01"
    assert check("C25", plan([res("a")]), future).status == "FAIL"


def test_unknown_without_evidence():
    assert check("C25", plan([res("a")])).status == "UNKNOWN"
    f = check("C25", plan([res("a")]), {})
    assert f.status == "UNKNOWN" and "exit_plan.document" in f.reason and "exit_plan.scenarios" in f.reason
