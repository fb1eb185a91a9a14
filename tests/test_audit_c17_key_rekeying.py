"""C17: Key Vault and HSM keys have a re-keying step."""

from audit_fixtures import check, full_evidence, plan, res, rid

DOC = plan([res("vault1", "security.kms"), res("vault2", "security.kms"), res("a")])


def test_pass_names_the_vaults():
    f = check("C17", DOC, full_evidence())
    assert f.status == "PASS" and f.resources == (rid("vault1"), rid("vault2"))


def test_unknown_names_vaults_without_a_step_and_an_entry_without_step_covers_nothing():
    f = check("C17", DOC, {"exit_plan": {"rekeying": [{"resources": ["*/vault1"], "step": "new keys"}]}})
    assert f.status == "UNKNOWN" and f.resources == (rid("vault2"),)
    f = check("C17", DOC, {"exit_plan": {"rekeying": [{"resources": ["*"]}]}})
    assert f.status == "UNKNOWN" and f.resources == (rid("vault1"), rid("vault2"))
    f = check("C17", DOC)
    assert f.status == "UNKNOWN" and f.resources == (rid("vault1"), rid("vault2"))


def test_skipped_without_key_vaults():
    assert check("C17", plan([res("a")])).status == "SKIPPED"
