"""Read the evidence file of an exit drill (`migrate drill`), whose measured throughput replaces the configured bandwidth."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import MigrateError
from ..estimate.transfer import check_drill_evidence


def load_drill_evidence(path: Path) -> dict:
    """The checked drill evidence document; MigrateError naming the file and key when it is not one."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MigrateError(str(path), "drill evidence file not found", fix="check the path given to --drill-evidence") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MigrateError(str(path), f"not JSON: {exc}", fix="pass the JSON file written by `migrate drill`") from None
    return check_drill_evidence(str(path), doc)
