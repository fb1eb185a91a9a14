"""C09: target regions, backups and technical data in the EU."""

import copy

from audit_fixtures import check, full_evidence, plan, provider, res


def test_pass_with_every_purpose_declared_in_the_eu():
    f = check("C09", plan([res("a")]), full_evidence())
    assert f.status == "PASS" and "backup" in f.reason


def test_fail_names_the_locations_outside_the_eu():
    abroad = full_evidence()
    abroad["target"]["locations"][1] = {"purpose": "backup", "region": "us-east", "country": "US"}
    f = check("C09", plan([res("a")]), abroad)
    assert f.status == "FAIL" and "us-east" in f.reason
    regions = plan([res("a")], [provider(regions=[{"id": "r1", "country": "CH"}])])
    assert check("C09", regions, full_evidence()).status == "FAIL"


def test_unknown_names_the_purposes_without_a_location():
    partial = copy.deepcopy(full_evidence())
    partial["target"]["locations"] = partial["target"]["locations"][:1]
    f = check("C09", plan([res("a")]), partial)
    assert f.status == "UNKNOWN" and "backup, technical" in f.reason
    assert check("C09", plan([res("a")])).status == "UNKNOWN"


def test_never_skipped_it_applies_to_every_target_in_every_profile():
    from migrate.audit.registry import CHECKS

    c09 = next(c for c in CHECKS if c.id == "C09")
    assert c09.profiles == ("fin", "fr-public", "health") and c09.scope is None
