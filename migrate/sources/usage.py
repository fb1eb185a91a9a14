"""Read a usage file (--usage): YAML of quantities keyed by resource id or ARM type (format in
migrate/data/config/usage.yaml; checked by estimate/quantities.check_usage_file)."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import MigrateError


def read_usage(path: Path):
    """The parsed YAML document, or MigrateError naming the file and the line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MigrateError(str(path), "usage file not found", fix="check the path given to --usage") from None
    except IsADirectoryError:
        raise MigrateError(str(path), "is a directory, not a usage file", fix="give the YAML file itself") from None
    except UnicodeDecodeError:
        raise MigrateError(str(path), "not UTF-8 text", fix="save the usage file as UTF-8 YAML") from None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise MigrateError(str(path), f"malformed YAML: {getattr(exc, 'problem', exc)}",
                           place=f"line {mark.line + 1}" if mark else None, fix="fix the YAML syntax") from None
