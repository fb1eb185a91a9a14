"""C15: each data resource has a structured, common export format."""

from audit_fixtures import check, plan, res, rid


def test_pass_from_config_and_evidence():
    assert check("C15", plan([res("a"), res("d", "db.postgresql")])).status == "PASS"
    doc = plan([res("a"), res("m", "ai.ml"), res("n", "ai.ml", data=False)])
    assert check("C15", doc, {"exit_plan": {"export_formats": [{"resources": ["*/m"], "format": "ONNX"}]}}
                 ).status == "PASS"


def test_unknown_names_data_without_a_format():
    doc = plan([res("a"), res("m", "ai.ml"), res("n", "ai.ml", data=False)])
    f = check("C15", doc)
    assert f.status == "UNKNOWN" and f.resources == (rid("m"),) and "ai.ml" in f.reason
    # an entry that names the resource but no format covers nothing
    assert check("C15", doc, {"exit_plan": {"export_formats": [{"resources": ["*/m"]}]}}).status == "UNKNOWN"


def test_skipped_instead_of_passing_when_no_data_bearing_resource_moves():
    assert check("C15", plan([res("vm", "compute.vm", data=False)])).status == "SKIPPED"
