"""The registry and the runner: every check declares its metadata, one runner applies the preconditions."""

from audit_fixtures import check, clean_plan, full_evidence, plan, provider, res, settings

from migrate.audit import preconditions
from migrate.audit.evidence import leaves
from migrate.audit.frameworks import legal_basis
from migrate.audit.model import PRECONDITIONS, SEVERITIES
from migrate.audit.registry import CHECKS
from migrate.audit.run import exit_code, run_audit, verdict


def test_registry_lists_32_checks_with_metadata_beside_their_code():
    assert [c.id for c in CHECKS] == [f"C{i:02d}" for i in range(1, 33)]
    for c in CHECKS:
        assert c.title and c.description and c.remediation and c.inputs and c.profiles, c.id
        assert c.severity in SEVERITIES and set(c.preconditions) <= set(PRECONDITIONS), c.id
        assert set(c.thresholds) <= set(settings()["thresholds"]), c.id
        # the module holding the check is named after it
        assert c.evaluate.__module__.rsplit(".", 1)[-1].startswith(c.id.lower() + "_"), c.id
        # every check evidences at least one requirement of a framework, with a readable source
        assert legal_basis(c.id) and all(b.source.startswith("https://") for b in legal_basis(c.id)), c.id


def test_every_precondition_is_documented_and_every_evidence_input_is_a_key_of_the_spec():
    assert set(preconditions.MEANING) == set(PRECONDITIONS)
    spec = leaves()
    for c in CHECKS:
        for item in c.inputs:
            if item.startswith("evidence: "):
                assert item[len("evidence: "):] in spec, (c.id, item)


def test_no_check_repeats_a_precondition_in_its_code():
    """The runner applies them: a check's module does not test for the evidence, the target or the plan sections."""
    import inspect

    for c in CHECKS:
        source = inspect.getsource(inspect.getmodule(c.evaluate))
        for marker in ("evidence is None", "F.target(", "NO_EVIDENCE", "NO_TRANSFER", "NO_WAVES", "NO_LABELS"):
            if c.id in ("C18", "C24") and marker in ("NO_EVIDENCE", "F.target("):
                continue    # C18 says why the tenant needs evidence; C24 falls back to the plan's duration
            assert marker not in source, (c.id, marker)


def test_preconditions_stop_a_check_with_what_is_missing():
    two = plan([res("a")], [provider("alpha"), provider("beta")])
    f = check("C07", two)
    assert f.status == "UNKNOWN" and "--provider" in f.reason
    assert check("C25", plan([res("a")])).reason.startswith("no evidence file given")
    assert check("C19", plan([res("a")])).reason.startswith("plan has no transfer estimate")
    assert check("C23", plan([res("a")])).reason.startswith("plan has no migration waves")
    assert check("C01", plan([res("a", labels=False)])).reason.startswith("plan has no resource labels")
    # a scoped check is SKIPPED when nothing applies, before any other precondition
    assert check("C17", two).status == "SKIPPED"


def test_exit_codes_and_verdict():
    assert exit_code({"pass": 3, "fail": 0, "unknown": 0, "skipped": 1}) == 0
    assert exit_code({"pass": 3, "fail": 1, "unknown": 4, "skipped": 0}) == 1
    assert exit_code({"pass": 3, "fail": 0, "unknown": 4, "skipped": 0}) == 3
    assert verdict({"pass": 1, "fail": 2, "unknown": 3, "skipped": 0}) == "exit-ready: no — 2 fail, 3 unknown"
    assert verdict({"pass": 5, "fail": 0, "unknown": 0, "skipped": 2}) == "exit-ready: yes — 5 pass, 2 skipped"


def test_full_evidence_passes_every_check_on_a_clean_plan():
    """Guards the fixtures: a plan and evidence satisfying every rule give no FAIL, UNKNOWN or SKIPPED."""
    results = run_audit(clean_plan(), full_evidence(), settings(sovereignty_require=["seal-3"]))
    assert {c.id: f.reason for c, f in results if f.status != "PASS"} == {}
