"""C30: Register of Information consistent with the plan and target; erasure planned."""

from audit_fixtures import check, full_evidence, plan, res


def test_pass():
    assert check("C30", plan([res("a")]), full_evidence()).status == "PASS"


def test_fail_when_the_register_contradicts_the_evidence():
    e = full_evidence()
    e["register_of_information"] = {"exit_plan_exists": False, "alternatives": ["gamma"]}
    f = check("C30", plan([res("a")]), e)
    assert f.status == "FAIL" and "exit plan exists" in f.reason and "alpha" in f.reason
    e = full_evidence()
    e["register_of_information"]["file"] = {"path": "register.xlsx", "exists": False}
    assert check("C30", plan([res("a")]), e).status == "FAIL"


def test_unknown_without_a_register_entry():
    f = check("C30", plan([res("a")]), {})
    assert f.status == "UNKNOWN" and "register_of_information" in f.reason and "erasure_step" in f.reason
