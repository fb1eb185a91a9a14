"""Validation of config section ``uncertainty``: the low-high bands a figure's basis and a quantity's origin give
(defaults and their reasons in migrate/data/config/uncertainty.yaml; applied in estimate/cost.py)."""

from __future__ import annotations

from ..catalog.provenance import BASES
from ..errors import MigrateError
from .quantities import ORIGINS


def check_uncertainty(file: str, section: dict) -> None:
    """Every basis (and ``export``, ``unknown``) and every quantity origin has a [low, high] band with low <= 1 <= high."""
    for key, needed in (("bands", (*BASES, "export", "unknown")), ("quantity_bands", ORIGINS)):
        table = section.get(key)
        if not isinstance(table, dict):
            raise MigrateError(file, "expected a mapping", place=f"uncertainty.{key}", fix="see examples/config.yaml")
        for name in needed:
            b = table.get(name)
            ok = isinstance(b, list) and len(b) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                             for x in b) and 0 <= b[0] <= 1 <= b[1]
            if not ok:
                raise MigrateError(file, f"expected [low, high] with 0 <= low <= 1 <= high, got {b!r}",
                                   place=f"uncertainty.{key}.{name}", fix="give e.g. [0.9, 1.1]")
