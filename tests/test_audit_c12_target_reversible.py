"""C12: target provider itself reversible."""

from audit_fixtures import check, plan, res


def test_pass_with_swipo_or_a_policy():
    assert check("C12", plan([res("a")]), {"target": {"reversibility": {"policy": "https://x"}}}).status == "PASS"
    assert check("C12", plan([res("a")]), {"target": {"reversibility": {"swipo_adherent": True}}}).status == "PASS"


def test_unknown_when_neither_is_given():
    f = check("C12", plan([res("a")]), {"target": {"reversibility": {"swipo_adherent": False}}})
    assert f.status == "UNKNOWN" and "target.reversibility.policy" in f.reason
    assert check("C12", plan([res("a")])).status == "UNKNOWN"
