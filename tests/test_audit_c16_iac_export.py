"""C16: configuration held as code: the plan's IaC evidence (resources[].iac) or the evidence file."""

from audit_fixtures import check, plan, res, rid

IAC = {"inventory": {"sources": [{"file": "x.json", "format": "arm-template"}],
                     "iac": {"sources": ["prod.tfstate"], "resources": 3, "under_iac": 2, "not_under_iac": 1}}}


def test_pass_when_the_state_lists_every_moving_resource():
    f = check("C16", plan([res("a", iac=True), res("b", iac=True), res("r", disp="retire", iac=False)], inputs=IAC))
    assert f.status == "PASS" and "prod.tfstate" in f.reason


def test_fail_names_the_resources_outside_the_state():
    f = check("C16", plan([res("a", iac=True), res("b", iac=False)], inputs=IAC))
    assert f.status == "FAIL" and f.resources == (rid("b"),) and "prod.tfstate" in f.reason


def test_the_evidence_can_state_it():
    doc = plan([res("a", iac=True), res("b", iac=False)], inputs=IAC)
    declared = {"exit_plan": {"iac_managed": [{"resources": ["*/b"], "source": "git@example.org:infra.git"}]}}
    assert check("C16", doc, declared).status == "PASS"


def test_unknown_without_iac_evidence_even_for_an_arm_template_input():
    """An ARM template as the input is a guess from the format, not evidence that the estate is held as code."""
    arm = plan([res("a")], inputs={"inventory": {"sources": [{"format": "arm-template"}]}})
    f = check("C16", arm)
    assert f.status == "UNKNOWN" and f.resources == (rid("a"),) and "Terraform/OpenTofu state" in f.reason


def test_skipped_when_nothing_moves():
    assert check("C16", plan([res("r", disp="retire")])).status == "SKIPPED"
