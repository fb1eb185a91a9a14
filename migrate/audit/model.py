"""Small frozen records of the audit: a check with its metadata, the context it reads, and its finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

PASS, FAIL, UNKNOWN, SKIPPED = "PASS", "FAIL", "UNKNOWN", "SKIPPED"
STATUSES = (PASS, FAIL, UNKNOWN, SKIPPED)
PROFILES = ("fin", "fr-public", "health")
SEVERITIES = ("critical", "high", "medium", "low")
# What the runner can require before a check runs (migrate/audit/preconditions.py says what each means).
PRECONDITIONS = ("labels", "scope", "target", "evidence", "transfer", "waves")


@dataclass(frozen=True)
class LegalBasis:
    regulation: str
    article: str
    source: str   # URL or document where the text can be read
    confirmed: bool = True


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
class Context:
    """What a check reads: the plan, the evidence ({} when none was given), the settings, and what the runner
    established before calling it (the chosen target, the resources in the check's scope)."""

    plan: dict
    evidence: dict
    settings: dict
    has_evidence: bool = False
    target: str | None = None
    scope: tuple[dict, ...] = ()

    @property
    def provider(self) -> dict:
        """The plan's entry of the chosen target (only for checks that declare the `target` precondition)."""
        return next(p for p in self.plan.get("providers") or [] if p["id"] == self.target)


@dataclass(frozen=True)
class Check:
    """A check and its metadata, declared beside its code; the runner applies `preconditions` in order."""

    id: str
    title: str
    severity: str
    profiles: tuple[str, ...]
    inputs: tuple[str, ...]             # plan keys and evidence keys read ("evidence: exit_plan.document")
    preconditions: tuple[str, ...]      # names of PRECONDITIONS, applied in this order
    evaluate: Callable[[Context], Finding] = field(compare=False)
    description: str = ""               # what PASS means (SARIF help text)
    remediation: str = ""               # how to fix a FAIL or an UNKNOWN
    thresholds: tuple[str, ...] = ()    # names under audit.thresholds that the check reads
    scope: Callable[[Context], list] | None = field(default=None, compare=False)   # resources it applies to
    not_applicable: str = ""            # SKIPPED reason when the scope is empty

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: unknown severity {self.severity!r}")
        unknown = [p for p in self.preconditions if p not in PRECONDITIONS]
        if unknown:
            raise ValueError(f"{self.id}: unknown precondition(s) {unknown}")
        if ("scope" in self.preconditions) != (self.scope is not None):
            raise ValueError(f"{self.id}: a scope function goes with the `scope` precondition")
        if self.scope is not None and not self.not_applicable:
            raise ValueError(f"{self.id}: a scoped check says why it is SKIPPED when nothing applies")


def passed(reason: str, resources=()) -> Finding:
    return Finding(PASS, reason, tuple(resources))


def failed(reason: str, resources=()) -> Finding:
    return Finding(FAIL, reason, tuple(resources))


def unknown(reason: str, resources=()) -> Finding:
    return Finding(UNKNOWN, reason, tuple(resources))


def skipped(reason: str, resources=()) -> Finding:
    return Finding(SKIPPED, reason, tuple(resources))
