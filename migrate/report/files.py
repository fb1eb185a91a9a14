"""Write outputs so that a failure leaves nothing half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import MigrateError


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MigrateError(str(path.parent), f"cannot create directory: {exc.strerror}", fix="choose a writable path") from None
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_all(outputs: dict[Path, str | bytes]) -> None:
    """Write several already-rendered outputs (rendering happened before, so it cannot fail half-way)."""
    for path, content in outputs.items():
        write_atomic(path, content)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
