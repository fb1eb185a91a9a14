"""C19: egress volume estimated, total and per wave."""

from audit_fixtures import TRANSFER_DOC, check, plan, res, rid


def test_pass():
    f = check("C19", plan([res("a")], transfer=TRANSFER_DOC))
    assert f.status == "PASS" and "500.0 GB" in f.reason


def test_unknown_names_the_unsized_resources():
    f = check("C19", plan([res("a", gb=None), res("b")], transfer={**TRANSFER_DOC, "unknown_size_resources": 1}))
    assert f.status == "UNKNOWN" and f.resources == (rid("a"),)
    f = check("C19", plan([res("a")]))
    assert f.status == "UNKNOWN" and f.reason.startswith("plan has no transfer estimate: run migrate plan with")
