"""C31: infrastructure (IaaS) resources reach functional equivalence at the target (Data Act Art. 30(1))."""

from audit_fixtures import check, line, plan, res, rid


def test_pass_names_the_infrastructure_resources():
    f = check("C31", plan([res("vm", "compute.vm", data=False), res("disk", "compute.disk"),
                           res("db", "db.postgresql", targets={"alpha": line("gap")})]))
    assert f.status == "PASS" and f.resources == (rid("disk"), rid("vm"))


def test_fail_names_partial_and_missing_equivalents():
    f = check("C31", plan([res("vm", "compute.vm", data=False, targets={"alpha": line("partial")}),
                           res("lb", "network.lb", data=False, targets={"alpha": line("gap")}),
                           res("s", "storage.object")]))
    assert f.status == "FAIL" and f.resources == (rid("lb"), rid("vm")) and "gap, partial" in f.reason


def test_unknown_without_a_target_and_skipped_without_infrastructure():
    from audit_fixtures import provider

    two = plan([res("vm", "compute.vm", data=False)], [provider("alpha"), provider("beta")])
    assert check("C31", two).status == "UNKNOWN"
    assert check("C31", plan([res("db", "db.postgresql")])).status == "SKIPPED"
