"""C14: proprietary Azure services have a replacement step."""

from audit_fixtures import check, line, plan, provider, res, rid


def test_pass_names_the_lock_in_resources():
    gaps = [{"service_class": "analytics.warehouse", "replacement": "ClickHouse"}]
    doc = plan([res("p", prop=True, targets={"alpha": line("partial")}),
                res("w", "analytics.warehouse", prop=True, targets={"alpha": line("gap")}), res("o")],
               [provider(gaps=gaps)])
    f = check("C14", doc)
    assert f.status == "PASS" and f.resources == (rid("p"), rid("w"))


def test_unknown_names_lock_in_without_a_step_and_a_decision_must_say_what():
    bad = plan([res("p", prop=True, targets={"alpha": line("gap")}), res("q", prop=True)])
    f = check("C14", bad)
    assert f.status == "UNKNOWN" and f.resources == (rid("p"),)
    assert check("C14", bad, {"exit_plan": {"decisions": [{"resources": ["*/p"]}]}}).status == "UNKNOWN"
    # a replacement says by what
    assert check("C14", bad, {"exit_plan": {"decisions": [{"resources": ["*/p"], "decision": "replace"}]}}
                 ).status == "UNKNOWN"
    assert check("C14", bad, {"exit_plan": {"decisions": [{"resources": ["*/p"], "decision": "replace",
                                                            "step": "ClickHouse"}]}}).status == "PASS"
    assert check("C14", bad, {"exit_plan": {"decisions": [{"resources": ["*/p"], "decision": "retire"}]}}
                 ).status == "PASS"


def test_skipped_without_proprietary_services():
    assert check("C14", plan([res("o")])).status == "SKIPPED"
