"""C23: waves follow dependencies; cutover with RTO/RPO, parallel run, rollback."""

from audit_fixtures import check, full_evidence, plan, res, rid

WAVES = {"parameters": {}, "items": [{"number": 1}, {"number": 2}]}
GOOD = plan([res("db", wave=1), res("app", wave=2, depends_on=[rid("db")])], waves=WAVES)


def test_pass():
    assert check("C23", GOOD, full_evidence()).status == "PASS"


def test_fail_names_resources_moving_before_their_dependencies():
    bad = plan([res("db", wave=2), res("app", wave=1, depends_on=[rid("db")]), res("x", wave=2)], waves=WAVES)
    f = check("C23", bad, full_evidence())
    assert f.status == "FAIL" and f.resources == (rid("app"),)


def test_unknown_names_the_missing_cutover_keys():
    f = check("C23", GOOD, {"exit_plan": {"cutover": {"rto_hours": 4}}})
    assert f.status == "UNKNOWN" and "exit_plan.cutover.rollback" in f.reason and "rto_hours" not in f.reason
    assert check("C23", plan([res("a")])).status == "UNKNOWN"
