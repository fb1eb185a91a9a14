"""Where the bundled catalogues, sample inventories and plan schema live.

In a source checkout they sit at the top of the repository; in an installed wheel they
are copied under ``migrate/_bundled/`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_path(name: str) -> Path:
    """Return the path of a bundled top-level item (``provider_catalogs``, ``inventories``, ``plan.schema.json``)."""
    installed = _PACKAGE / "_bundled" / name
    if installed.exists():
        return installed
    return _PACKAGE.parent / name


def catalog_dir() -> Path:
    return bundled_path("provider_catalogs")


def demo_inventory() -> Path:
    return bundled_path("inventories") / "health-data-platform" / "resource-graph.json"


def plan_schema_path() -> Path:
    return bundled_path("plan.schema.json")


def data_path(name: str) -> Path:
    """A file shipped inside the package (effort model, schemas)."""
    return _PACKAGE / "data" / name
