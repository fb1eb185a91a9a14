"""Small frozen records of the audit: a check, its legal basis, and the finding it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

PASS, FAIL, UNKNOWN, SKIPPED = "PASS", "FAIL", "UNKNOWN", "SKIPPED"
STATUSES = (PASS, FAIL, UNKNOWN, SKIPPED)
PROFILES = ("fin", "fr-public", "health")


@dataclass(frozen=True)
class LegalBasis:
    regulation: str
    article: str
    source: str   # URL or document where the text can be read


@dataclass(frozen=True)
class Finding:
    status: str
    reason: str
    resources: tuple[str, ...] = ()

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.status in (FAIL, UNKNOWN, SKIPPED) and not self.reason:
            raise ValueError(f"a {self.status} finding needs a reason")
        # Sorted and unique, so that two runs on the same plan give the same output.
        object.__setattr__(self, "resources", tuple(sorted(set(self.resources))))


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    profiles: tuple[str, ...]
    legal_basis: tuple[LegalBasis, ...]
    inputs: tuple[str, ...]             # plan keys and evidence keys read
    thresholds: tuple[str, ...]         # names under audit.thresholds that the check reads
    evaluate: Callable[[dict, dict | None, dict], Finding] = field(compare=False)
    description: str = ""               # what PASS means and how to fix a FAIL (SARIF help text)


def passed(reason: str, resources=()) -> Finding:
    return Finding(PASS, reason, tuple(resources))


def failed(reason: str, resources=()) -> Finding:
    return Finding(FAIL, reason, tuple(resources))


def unknown(reason: str, resources=()) -> Finding:
    return Finding(UNKNOWN, reason, tuple(resources))


def skipped(reason: str, resources=()) -> Finding:
    return Finding(SKIPPED, reason, tuple(resources))
