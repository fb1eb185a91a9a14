"""Validate a plan document against the published plan.schema.json."""

from __future__ import annotations

import json
from functools import lru_cache

import jsonschema

from .bundled import plan_schema_path
from .errors import MigrateError


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(plan_schema_path().read_text()))


def plan_errors(doc: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in _validator().iter_errors(doc)]


def validate_plan(doc: dict, file: str = "plan") -> None:
    errors = plan_errors(doc)
    if errors:
        raise MigrateError(file, f"does not match plan.schema.json: {errors[0]}", fix="report this as a bug")
