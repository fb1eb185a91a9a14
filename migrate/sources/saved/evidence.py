"""Read an audit evidence YAML: validate it, resolve its paths (relative to the file) and load drill evidence."""

from __future__ import annotations

from pathlib import Path

import yaml

from ...audit.evidence import SPEC, validate
from ...errors import MigrateError
from .outputs import load_drill_evidence

def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _drill(file: str, place: str, given: str, path: Path) -> dict:
    if not path.is_file():
        raise MigrateError(file, f"drill evidence {given} not found (looked for {path})", place=place,
                           fix="give the path of the JSON `migrate drill` wrote, relative to the evidence file")
    return load_drill_evidence(path, place=f"{file}: {place}")


def _resolve(node: dict, spec: dict, base: Path, file: str, place: str = "") -> None:
    for k, key in spec.items():
        v, here = node.get(k), f"{place}.{k}" if place else k
        if v is None:
            continue
        if key.kind in ("path", "drill"):
            path = None if _is_url(v) else (base / v)
            node[k] = {"path": v, "exists": None if path is None else path.exists()}
            if key.kind == "drill":
                if path is None:
                    raise MigrateError(file, f"drill evidence must be a local file, got {v}", place=here,
                                       fix="download it next to the evidence file")
                node[k]["document"] = _drill(file, here, v, path)
        elif key.kind == "obj":
            _resolve(v, key.keys, base, file, here)
        elif key.kind == "list:obj":
            for i, item in enumerate(v):
                _resolve(item, key.keys, base, file, f"{here}[{i}]")


def load_evidence(path: Path) -> dict:
    """The evidence dict the checks read; MigrateError (file, key, fix) on anything malformed."""
    file = str(path)
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MigrateError(file, "evidence file not found",
                           fix="check the path, or write a template with migrate audit --init-evidence FILE") from None
    except yaml.YAMLError as exc:
        raise MigrateError(file, f"malformed YAML: {' '.join(str(exc).split())}", fix="fix the YAML syntax") from None
    evidence = validate(doc, file)
    _resolve(evidence, SPEC, Path(path).resolve().parent, file)
    return evidence
