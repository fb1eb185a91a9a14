"""C20: transfer time within the 30-day switching window, or a documented extension."""

from audit_fixtures import TRANSFER_DOC, check, plan, res

SLOW = {**TRANSFER_DOC, "days": 45.0}


def test_pass_within_the_window_or_a_covering_extension():
    assert check("C20", plan([res("a")], transfer=TRANSFER_DOC)).status == "PASS"
    assert check("C20", plan([res("a")], transfer=SLOW), {"exit_plan": {"switching_extension_days": 60}}
                 ).status == "PASS"


def test_fail_when_the_documented_extension_does_not_cover_it():
    for ext in (40, 300):
        f = check("C20", plan([res("a")], transfer=SLOW), {"exit_plan": {"switching_extension_days": ext}})
        assert f.status == "FAIL" and f"{ext} days" in f.reason


def test_unknown_when_over_the_window_without_extension_or_the_duration_is_a_lower_bound():
    f = check("C20", plan([res("a")], transfer=SLOW))
    assert f.status == "UNKNOWN" and "switching_extension_days" in f.reason
    partial = {**TRANSFER_DOC, "days": 12.0, "unknown_size_resources": 3}
    f = check("C20", plan([res("a")], transfer=partial))
    assert f.status == "UNKNOWN" and "at least 12.0" in f.reason
    f = check("C20", plan([res("a")], transfer={**SLOW, "unknown_size_resources": 3}),
              {"exit_plan": {"switching_extension_days": 60}})
    assert f.status == "UNKNOWN" and "extension of 60 days covers that" in f.reason
    f = check("C20", plan([res("a")], transfer={**TRANSFER_DOC, "days": None, "unknown_size_resources": 3}))
    assert f.status == "UNKNOWN" and "3 data-bearing" in f.reason
