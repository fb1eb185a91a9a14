"""C18: identity dependencies mapped to an EU-hosted identity provider."""

from audit_fixtures import check, line, plan, res, rid

DOC = plan([res("mi", "identity.workload", data=False), res("a")])


def test_pass_names_the_identity_resources():
    f = check("C18", DOC, {"exit_plan": {"identity_provider": "Keycloak"}})
    assert f.status == "PASS" and f.resources == (rid("mi"),)


def test_unknown_names_unmapped_identities_or_the_missing_provider():
    gap = plan([res("mi", "identity.workload", data=False, targets={"alpha": line("gap")}), res("a")])
    f = check("C18", gap, {"exit_plan": {"identity_provider": "Keycloak"}})
    assert f.status == "UNKNOWN" and f.resources == (rid("mi"),)
    f = check("C18", DOC, {})
    assert f.status == "UNKNOWN" and "identity_provider" in f.reason
    f = check("C18", DOC)
    assert f.status == "UNKNOWN" and "Entra ID tenant" in f.reason and f.resources == (rid("mi"),)
