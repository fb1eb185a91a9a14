"""How a figure was obtained (its basis), whether it counts as verified, and the sourcing rules.

The vocabulary is documented in docs/catalogue-format.md. A figure is verified when it was read at
a primary source (a public API response, the provider's pricing page or its own document) or is
the user's own quote, and its observation date is known.

``check_figures`` applies the sourcing rules of ``migrate catalog validate`` to the figures of one
catalogue file (see ``figures.py``): errors make the catalogue invalid, warnings are printed.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import MigrateError
from .figures import OPTIONAL_PROVENANCE

BASES = ("public-api", "price-page", "provider-document", "secondary", "estimate-rule", "quote")
VERIFIED_BASES = frozenset({"public-api", "price-page", "provider-document", "quote"})
# From most to least certain: a line or total takes the least certain basis of the figures it uses.
BASIS_ORDER = {"quote": 0, "public-api": 1, "price-page": 2, "provider-document": 3, "secondary": 4,
               "estimate-rule": 5, None: 6}

# Every figure must say how it was obtained. Until every bundled catalogue carries a basis, a figure
# without one is a warning; with STRICT_BASIS it makes `catalog validate` fail.
STRICT_BASIS = True
STALE_DAYS = 365

# A source is a public URL or a public document's title; these name a file on someone's disk.
_LOCAL_PREFIXES = ("/", "./", "../", "~", "file:", "\\\\", "provider_catalogs", "shared/", "research/", "tests/",
                   "inventories/", "docs/", "migrate/")
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")
# Test data of some project: a path segment (in a URL or a path) naming tests, fixtures or mocks.
_FIXTURE = re.compile(r"(^|[/\\])(tests?|testdata|test[-_]data|__tests__|fixtures?|mocks?|mock[-_]server|__mocks__)"
                      r"([/\\]|$)", re.IGNORECASE)


def is_verified(basis: str | None, as_of: str | None, legacy_unverified: bool = False) -> bool:
    """Verified: a primary basis and a known observation date. Without a basis (catalogues written
    before bases existed) the old ``unverified`` flag decides."""
    if basis is None:
        return not legacy_unverified and bool(as_of) and as_of != "unknown"
    return basis in VERIFIED_BASES and bool(as_of) and as_of != "unknown"


def least_certain(bases) -> str | None:
    """The least certain basis among ``bases`` (None when any is unknown)."""
    worst = "quote"
    for b in bases:
        if BASIS_ORDER.get(b, 6) > BASIS_ORDER[worst]:
            worst = b if b in BASIS_ORDER else None
    return worst


def source_problem(source: str | None) -> str | None:
    """Why ``source`` is not a public source (None when it may be one)."""
    if not source or not str(source).strip():
        return "has no source"
    text = str(source).strip()
    if text.lower().startswith(_LOCAL_PREFIXES) or _WINDOWS_PATH.match(text):
        return f"source {text[:80]!r} is a local path"
    path = text.split("?", 1)[0].split("#", 1)[0]
    if ("/" in path or "\\" in path) and _FIXTURE.search(path):
        return f"source {text[:80]!r} names test data (a test, fixture or mock file)"
    return None


def check_figures(file: str, figures: list[dict], today: dt.date, *, strict_basis: bool | None = None,
                  max_age_days: int = STALE_DAYS) -> tuple[list[MigrateError], list[str]]:
    """The sourcing rules for the figures of one file: (errors, warnings).

    Errors: a figure without a source, with a local path or test data as source, with an unknown
    basis, an estimate rule without its rule, an observation date in the future, and (with
    ``strict_basis``) a figure without a basis. Warnings, one line each: figures without a basis
    (when not strict), observation dates that are unknown or older than ``max_age_days``.
    """
    strict = STRICT_BASIS if strict_basis is None else strict_basis
    errors: list[MigrateError] = []
    no_basis, unknown, stale = [], [], []
    limit = (today - dt.timedelta(days=max_age_days)).isoformat()
    for f in figures:
        f = {k: (v if isinstance(v, str) else None) for k, v in f.items()}  # NaN from a DataFrame is missing
        place, kind = f["place"], f["kind"]
        # Regions and gaps were written before their provenance was asked for: until STRICT_BASIS,
        # a missing or unusable source or date there is counted with the missing bases.
        lenient = not strict and kind in OPTIONAL_PROVENANCE
        incomplete = False
        problem = source_problem(f.get("source"))
        if problem and lenient:
            incomplete = True
        elif problem:
            errors.append(MigrateError(file, f"{kind} {problem}", place=place,
                                       fix="cite the public URL or the title of the public document the figure was read in"))
        basis = f.get("basis")
        if basis is None:
            if strict:
                errors.append(MigrateError(file, f"{kind} has no basis", place=place,
                                           fix=f"add `basis:` (one of {', '.join(BASES)}) to the figure or the entry holding it"))
            else:
                incomplete = True
        elif basis not in BASES:
            errors.append(MigrateError(file, f"unknown basis {basis!r}", place=place, fix=f"use one of {', '.join(BASES)}"))
        elif basis == "estimate-rule" and not (f.get("rule") or "").strip():
            errors.append(MigrateError(file, f"{kind} is an estimate-rule without its rule", place=place,
                                       fix="add `rule:` naming the sourced figures it starts from and the derivation"))
        as_of = f.get("as_of")
        if as_of == "unknown":
            unknown.append(place)
        elif as_of:
            if as_of > today.isoformat():
                errors.append(MigrateError(file, f"as_of {as_of} is after today", place=place,
                                           fix="give the date the figure was observed at its source"))
            elif as_of < limit:
                stale.append((as_of, place))
        elif lenient:
            incomplete = True
        else:
            errors.append(MigrateError(file, f"{kind} has no as_of", place=place,
                                       fix="add `as_of: YYYY-MM-DD` (the date observed at the source) or `as_of: unknown`"))
        if incomplete:
            no_basis.append(place)
    warnings = []
    if no_basis:
        warnings.append(f"{file}: {len(no_basis)} figure(s) without a basis (regions and gaps: or without a public "
                        f"source and date), first {no_basis[0]} (will be required: add `basis:`, `source:`, `as_of:`)")
    if unknown:
        warnings.append(f"{file}: {len(unknown)} figure(s) observed on an unknown date, first {unknown[0]} "
                        "(find the date at the source, or re-read the figure)")
    if stale:
        oldest = min(stale)
        warnings.append(f"{file}: {len(stale)} figure(s) observed before {limit} (oldest {oldest[0]} at {oldest[1]}); "
                        "re-check them against their sources")
    return errors, warnings


def basis_shares(figures) -> dict[str, int]:
    """Count of figures per basis (``none`` for figures without one), in BASES order."""
    counts = {b: 0 for b in BASES}
    counts["none"] = 0
    for f in figures:
        b = f.get("basis")
        counts[b if isinstance(b, str) and b in counts else "none"] += 1
    return {k: v for k, v in counts.items() if v}


def check_catalog(figures, today: dt.date, *, strict_basis: bool | None = None) -> tuple[list[MigrateError], list[str]]:
    """``check_figures`` over every file of a catalogue's figure table (Catalog.figures)."""
    errors: list[MigrateError] = []
    warnings: list[str] = []
    for file, group in figures.groupby("file", sort=True):
        e, w = check_figures(str(file), group.to_dict("records"), today, strict_basis=strict_basis)
        errors += e
        warnings += w
    return errors, warnings
