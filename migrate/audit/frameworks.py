"""Frameworks as data (migrate/data/frameworks/*.yaml): each maps its requirements to the checks that evidence
them. A check's legal basis is the list of requirements that name it, so a check serves several frameworks and
a framework is added without touching code."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..bundled import data_path
from ..errors import MigrateError
from .model import FAIL, PASS, SKIPPED, UNKNOWN, LegalBasis

SCHEMA = Path(__file__).with_name("framework.schema.json")


@dataclass(frozen=True)
class Requirement:
    id: str
    ref: str
    summary: str
    checks: tuple[str, ...]
    verified: dict

    @property
    def confirmed(self) -> bool:
        return self.verified["status"] == "confirmed"


@dataclass(frozen=True)
class Framework:
    id: str
    short: str
    title: str
    document: dict
    profiles: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    service_classes: dict | None = None
    file: str = ""


def _text_dates(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {k: _text_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text_dates(v) for v in value]
    return value


def _read(path: Path) -> Framework:
    import jsonschema

    try:
        doc = _text_dates(yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as exc:
        raise MigrateError(str(path), f"malformed YAML: {' '.join(str(exc).split())}",
                           fix="fix the YAML syntax") from None
    errors = sorted(jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).iter_errors(doc),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        e = errors[0]
        raise MigrateError(str(path), e.message, place=".".join(map(str, e.absolute_path)) or "(top level)",
                           fix=f"follow {SCHEMA.name}")
    reqs = tuple(Requirement(r["id"], r["ref"], r["summary"], tuple(r["checks"]), r["verified"])
                 for r in doc["requirements"])
    return Framework(doc["id"], doc["short"], doc["title"], doc["document"], tuple(doc["profiles"]), reqs,
                     doc.get("service_classes"), str(path))


@lru_cache(maxsize=1)
def frameworks() -> tuple[Framework, ...]:
    """Every bundled framework, sorted by id."""
    out = sorted((_read(p) for p in sorted(data_path("frameworks").glob("*.yaml"))), key=lambda f: f.id)
    seen: dict[str, str] = {}
    for f in out:
        if f.id in seen:
            raise MigrateError(f.file, f"framework id {f.id!r} also used by {seen[f.id]}", place="id",
                               fix="give each framework its own id")
        seen[f.id] = f.file
    return tuple(out)


def by_id(fid: str) -> Framework:
    for f in frameworks():
        if f.id == fid:
            return f
    raise MigrateError(None, f"unknown framework {fid!r}", place="--framework",
                       fix=f"use one of {', '.join(f.id for f in frameworks())} (migrate audit --list-frameworks)")


@lru_cache(maxsize=None)
def legal_basis(check_id: str) -> tuple[LegalBasis, ...]:
    """The requirements, across frameworks, that a check evidences."""
    return tuple(LegalBasis(f.short, r.ref, f.document["url"], r.confirmed)
                 for f in frameworks() for r in f.requirements if check_id in r.checks)


def iaas_classes() -> frozenset[str]:
    """Service classes the Data Act framework classes as infrastructure (Art. 30(1))."""
    for f in frameworks():
        if f.service_classes:
            return frozenset(f.service_classes["iaas"])
    return frozenset()


def requirement_status(statuses: list[str]) -> str:
    """A requirement is FAIL if one of its checks fails, UNKNOWN if one is unknown, SKIPPED if none applies."""
    if FAIL in statuses:
        return FAIL
    if UNKNOWN in statuses:
        return UNKNOWN
    if statuses and all(s == SKIPPED for s in statuses):
        return SKIPPED
    return PASS
