"""C03: data-bearing resources sized."""

from audit_fixtures import check, plan, res, rid


def test_pass_ignores_classes_whose_size_does_not_matter():
    f = check("C03", plan([res("a"), res("kv", "security.kms", gb=None), res("vm", "compute.vm", data=False, gb=None)]))
    assert f.status == "PASS" and "1 data-bearing" in f.reason


def test_unknown_names_the_unsized_resources():
    f = check("C03", plan([res("a", gb=None), res("b"), res("c", gb=0.0)]))
    assert f.status == "UNKNOWN" and f.resources == (rid("a"),) and "1 of 3" in f.reason


def test_no_fail_a_size_of_zero_is_a_measured_size():
    assert check("C03", plan([res("c", gb=0.0)])).status == "PASS"


def test_skipped_when_nothing_applies_instead_of_passing_on_zero_resources():
    f = check("C03", plan([res("kv", "security.kms", gb=None), res("vm", "compute.vm", data=False)]))
    assert f.status == "SKIPPED"
