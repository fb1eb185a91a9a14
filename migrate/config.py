"""Planning parameters: the defaults shipped in ``migrate/data/config/`` overridden by a user's ``--config`` YAML.

Each default file holds one top-level section named like the file (``effort.yaml`` -> ``effort:``), so
an area adds its parameters by adding a file, and ``examples/config.yaml`` shows them all.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Callable

import yaml

from .bundled import data_path
from .errors import MigrateError


def default_files() -> list[Path]:
    return sorted(data_path("config").glob("*.yaml"))


def default_config() -> dict:
    config = {}
    for f in default_files():
        section = yaml.safe_load(f.read_text(encoding="utf-8"))
        config[f.stem] = section[f.stem]
    return config


# Mappings whose keys are the user's own (classes, currencies, countries...): any key is accepted there.
# Everywhere else a key the defaults do not have is a typo and is refused.
OPEN_MAPS = {"audit.classes", "audit.export_formats", "audit.eu_countries", "audit.eea_countries",
             "audit.other_countries", "costs.exchange_rates", "effort.base", "effort.class_factor.family",
             "effort.class_factor.class", "usage.defaults", "uncertainty.bands", "uncertainty.quantity_bands"}


def _open(path: str) -> bool:
    return any(path == m or path.startswith(m + ".") for m in OPEN_MAPS)


def _merge(base: dict, override: dict, file: str, path: str = "") -> dict:
    out = copy.deepcopy(base)
    for k, v in override.items():
        place = f"{path}.{k}" if path else str(k)
        if path and not _open(path) and k not in base:
            known = ", ".join(sorted(map(str, base))) or "none"
            raise MigrateError(file, f"unknown key {k!r}", place=place,
                               fix=f"use one of: {known} (see examples/config.yaml)")
        out[k] = _merge(out[k], v, file, place) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _validators() -> dict[str, Callable[[str, dict], None]]:
    """Per-section checks, each raising MigrateError naming the file and key."""
    from .audit.settings import check_settings
    from .estimate.distribution import check_programme
    from .cost_baseline import check_config as check_costs
    from .estimate.effort import check_model
    from .estimate.quantities import check_usage
    from .estimate.tco import check_tco
    from .estimate.uncertainty import check_uncertainty

    return {"audit": check_settings, "costs": check_costs, "effort": check_model, "programme": check_programme,
            "tco": check_tco, "usage": check_usage, "uncertainty": check_uncertainty}


def load_config(path: Path | None) -> dict:
    """The default configuration, overridden key by key by a user's YAML file."""
    config = default_config()
    if path is None:
        return config
    try:
        user = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise MigrateError(str(path), "config file not found", fix="check the path given to --config") from None
    except yaml.YAMLError as exc:
        raise MigrateError(str(path), f"malformed YAML: {exc}", fix="fix the YAML syntax") from None
    if not isinstance(user, dict):
        raise MigrateError(str(path), "config is not a YAML mapping", fix="see examples/config.yaml")
    unknown = set(user) - set(config)
    if unknown:
        raise MigrateError(str(path), f"unknown key(s): {', '.join(sorted(unknown))}", place="(top level)",
                           fix=f"use only {', '.join(sorted(config))}; see examples/config.yaml")
    merged = _merge(config, user, str(path))
    for section, check in _validators().items():
        check(str(path), merged[section])
    return merged

