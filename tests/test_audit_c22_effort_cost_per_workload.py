"""C22: effort, one-off and run cost per workload."""

from audit_fixtures import check, line, plan, provider, res, rid

TCO = {"years": 3, "total_eur": 1.0}


def test_pass_counts_only_critical_resources_when_some_are_flagged():
    ok = plan([res("a", critical=True), res("b", targets={"alpha": line("gap", cost="none")})], [provider(tco=TCO)])
    assert check("C22", ok).status == "PASS"


def test_unknown_names_critical_resources_without_cost_or_effort():
    bad = plan([res("a", critical=True, targets={"alpha": line("gap", cost="none")}), res("c", critical=True)],
               [provider(tco=TCO)])
    f = check("C22", bad)
    assert f.status == "UNKNOWN" and f.resources == (rid("a"),)
    assert check("C22", plan([res("a")])).status == "UNKNOWN"        # no TCO in the plan


def test_skipped_when_nothing_moves():
    assert check("C22", plan([res("r", disp="retire")])).status == "SKIPPED"
