"""Small value checks shared by the config sections (kept apart so that config.py imports no area module
at load time and no area module imports config.py)."""

from __future__ import annotations

from typing import Any

from .errors import MigrateError


def number(file: str, value: Any, place: str, *, minimum: float = 0.0) -> float:
    """A config value that must be a number >= minimum."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise MigrateError(file, f"expected a number >= {minimum:g}, got {value!r}", place=place,
                           fix="give a number")
    return float(value)
