"""C13: critical functions have a fallback provider."""

from audit_fixtures import check, line, plan, provider, res, rid

EVIDENCE = {"target": {"provider": "alpha", "fallback_provider": "beta"}}


def two(resources):
    return plan(resources, [provider("alpha"), provider("beta")])


def test_pass_names_the_critical_resources():
    f = check("C13", two([res("c", critical=True), res("n")]), EVIDENCE)
    assert f.status == "PASS" and f.resources == (rid("c"),)


def test_fail_names_critical_resources_the_fallback_cannot_take():
    doc = two([res("c", critical=True, targets={"alpha": line(), "beta": line("gap")}),
               res("d", critical=True, targets={"alpha": line(), "beta": line()})])
    f = check("C13", doc, EVIDENCE)
    assert f.status == "FAIL" and f.resources == (rid("c"),)
    assert check("C13", doc, {"target": {"provider": "alpha", "fallback_provider": "alpha"}}).status == "FAIL"


def test_unknown_without_a_fallback_or_a_criticality():
    f = check("C13", two([res("c", critical=True)]), {"target": {"provider": "alpha"}})
    assert f.status == "UNKNOWN" and f.resources == (rid("c"),) and "fallback_provider" in f.reason
    f = check("C13", plan([res("n", critical=None)]))
    assert f.status == "UNKNOWN" and f.resources == (rid("n"),)


def test_skipped_when_no_resource_supports_a_critical_function():
    assert check("C13", plan([res("n")])).status == "SKIPPED"
