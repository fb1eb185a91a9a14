"""C28: roles, resources, triggers and success criteria defined."""

from audit_fixtures import check, full_evidence, plan, res


def test_pass():
    assert check("C28", plan([res("a")]), full_evidence()).status == "PASS"


def test_unknown_names_what_is_not_defined_and_blank_lists_count_as_missing():
    e = full_evidence()
    e["exit_plan"]["triggers"] = []
    e["exit_plan"]["roles"] = ["  "]
    f = check("C28", plan([res("a")]), e)
    assert f.status == "UNKNOWN" and f.reason == "not defined: exit_plan.roles, exit_plan.triggers"
