"""C21: egress cost with and without the exit waiver."""

from audit_fixtures import TRANSFER_DOC, check, plan, res


def test_pass():
    f = check("C21", plan([res("a")], transfer=TRANSFER_DOC))
    assert f.status == "PASS" and "40.00 EUR" in f.reason


def test_fail_when_the_waiver_is_counted_for_a_transfer_over_60_days():
    f = check("C21", plan([res("a")], transfer={**TRANSFER_DOC, "days": 75.0}))
    assert f.status == "FAIL" and "60 days" in f.reason


def test_unknown_duration_is_never_zero_days():
    f = check("C21", plan([res("a")], transfer={**TRANSFER_DOC, "days": None}))
    assert f.status == "UNKNOWN" and "duration is unknown" in f.reason


def test_unknown_when_the_cost_covers_only_sized_resources_or_is_missing():
    f = check("C21", plan([res("a")], transfer={**TRANSFER_DOC, "unknown_size_resources": 2}))
    assert f.status == "UNKNOWN" and "2 data-bearing" in f.reason
    assert check("C21", plan([res("a")], transfer={**TRANSFER_DOC, "egress": {"eur": 3.0}})).status == "UNKNOWN"
