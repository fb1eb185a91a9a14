"""C04: every resource has a target or a decision."""

from audit_fixtures import check, line, plan, provider, res, rid


def test_pass_with_targets_retirements_and_decisions():
    doc = plan([res("a"), res("r", targets={"alpha": line("retire")}), res("g", targets={"alpha": line("gap")})])
    decided = {"exit_plan": {"decisions": [{"resources": ["*/g"], "decision": "rebuild", "step": "on VMs"}]}}
    assert check("C04", doc, decided).status == "PASS"


def test_unknown_names_gaps_and_unknown_types_without_a_decision():
    doc = plan([res("a"), res("g", targets={"alpha": line("gap")}), res("u", disp="unmapped", targets={})])
    f = check("C04", doc)
    assert f.status == "UNKNOWN" and f.resources == (rid("g"), rid("u")) and "exit_plan.decisions" in f.reason


def test_an_entry_naming_resources_but_no_decision_decides_nothing():
    doc = plan([res("g", targets={"alpha": line("gap")})])
    f = check("C04", doc, {"exit_plan": {"decisions": [{"resources": ["*"]}]}})
    assert f.status == "UNKNOWN" and f.resources == (rid("g"),)


def test_the_line_disposition_wins_over_its_status():
    """plan.json lines with a disposition: an offer line whose disposition is stays-on-azure needs a decision."""
    staying = {**line(), "disposition": "stays-on-azure"}
    f = check("C04", plan([res("s", targets={"alpha": staying})]))
    assert f.status == "UNKNOWN" and f.resources == (rid("s"),)
    pattern = {**line("gap"), "disposition": "self-managed"}
    assert check("C04", plan([res("p", targets={"alpha": pattern})])).status == "PASS"


def test_unknown_without_a_target_and_skipped_when_nothing_moves():
    f = check("C04", plan([res("a")], [provider("alpha"), provider("beta")]))
    assert f.status == "UNKNOWN" and "--provider" in f.reason
    assert check("C04", plan([res("a")], [provider("alpha"), provider("beta")]), target="alpha").status == "PASS"
    assert check("C04", plan([res("r", disp="retire")])).status == "SKIPPED"
