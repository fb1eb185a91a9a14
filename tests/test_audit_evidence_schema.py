"""The evidence spec is the one place that types and documents every key: the template, the validation and the
checks' declared inputs come from it, and what the checks actually read agrees with what they declare."""

import yaml
from audit_fixtures import BY_ID, clean_plan, full_evidence, settings

from migrate.audit import preconditions
from migrate.audit.evidence import SPEC, leaves, readers, template, validate
from migrate.audit.model import Context
from migrate.audit.registry import CHECKS


class Recorder(dict):
    """A dict that records the path of every key read through it (lists and nested dicts included)."""

    def __init__(self, data, path, seen):
        super().__init__(data)
        self._path, self._seen = path, seen

    def _wrap(self, key, value):
        here = f"{self._path}.{key}" if self._path else key
        self._seen.add(here)
        if isinstance(value, dict):
            return Recorder(value, here, self._seen)
        if isinstance(value, list):
            return [Recorder(v, here + "[]", self._seen) if isinstance(v, dict) else v for v in value]
        return value

    def get(self, key, default=None):
        return self._wrap(key, super().get(key, default))

    def __getitem__(self, key):
        return self._wrap(key, super().__getitem__(key))


def _declared(check) -> set[str]:
    """The evidence keys a check declares, plus what its declared preconditions read for it."""
    out = {i[len("evidence: "):] for i in check.inputs if i.startswith("evidence: ")}
    if "target" in check.preconditions:
        out.add("target.provider")
    return out


def _covered(path: str, declared: set[str]) -> bool:
    """A path read is declared when it, a parent or a child of it is (reading a container to reach a key)."""
    return any(path == d or path.startswith(d + ".") or path.startswith(d + "[]") or d.startswith(path + ".")
               or d.startswith(path + "[]") for d in declared)


def test_what_each_check_reads_is_what_it_declares():
    plan_doc = clean_plan()
    cfg = settings(sovereignty_require=["seal-3"])
    for c in CHECKS:
        seen: set[str] = set()
        ctx = Context(plan=plan_doc, evidence=Recorder(full_evidence(), "", seen), settings=cfg, has_evidence=True)
        assert preconditions.evaluate(c, ctx).status == "PASS", c.id
        undeclared = sorted(p for p in seen if not _covered(p, _declared(c)))
        assert undeclared == [], (c.id, undeclared)


def test_every_key_of_the_spec_is_read_by_a_check_and_every_declared_key_exists():
    spec = leaves()
    used = readers()
    assert set(used) <= set(spec)
    for path, key in spec.items():
        if key.kind in ("obj", "list:obj"):
            continue
        assert any(p == path or path.startswith(p + ".") or path.startswith(p + "[]") for p in used), path


def test_the_template_documents_every_key_with_its_readers_and_loads_as_valid_evidence():
    text = template()
    for path, key in leaves().items():
        assert key.help in text, path
    assert "[C25]" in text and "(required)" in text and "one of: retire, rebuild, replace, keep" in text
    assert all(v in (None, []) for v in validate(yaml.safe_load(text), "template.yaml").values())


def test_values_are_checked_not_only_present():
    import pytest

    from migrate.errors import MigrateError

    bad = [{"exit_plan": {"decisions": [{"resources": ["*"]}]}},
           {"exit_plan": {"decisions": [{"resources": [], "decision": "retire"}]}},
           {"exit_plan": {"decisions": [{"resources": ["*"], "decision": "maybe"}]}},
           {"exit_plan": {"approved_by": {"by": "board"}}},
           {"contracts": [{"party": "azure", "name": "MCA", "notice_days": "two months"}]},
           {"contracts": [{"party": "azure", "name": "MCA", "notice_days": 1.5}]},
           {"contracts": [{"party": "azure", "name": "MCA", "clauses": {"erasure": True}}]},
           {"target": {"hds_activities": [0]}},
           {"exit_tests": [{"kind": "rehearsal"}]}]
    for doc in bad:
        with pytest.raises(MigrateError):
            validate(doc, "ev.yaml")
    ok = validate({"exit_plan": {"decisions": [{"resources": ["*"], "decision": "Retire", "step": " "}]},
                   "contracts": [{"party": "azure", "name": "MCA", "clauses": {"erasure": False}}]}, "ev.yaml")
    assert ok["exit_plan"]["decisions"] == [{"resources": ["*"], "decision": "retire", "step": None}]
    assert ok["contracts"][0]["clauses"] == {"erasure": False}
    assert set(SPEC) == {"target", "exit_plan", "exit_tests", "contracts", "data_classification",
                         "critical_functions", "register_of_information"}
    assert BY_ID["C25"].inputs
