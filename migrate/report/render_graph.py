"""The dependency graph as Graphviz DOT, Mermaid or JSON (renderers only: the graph document is built
by ``estimate.graph.graph_document``). Nodes and edges come sorted, so outputs diff cleanly."""

from __future__ import annotations

import json


def _dot_quote(*lines: str) -> str:
    """A DOT string; several lines are joined with DOT's own line break escape."""
    return '"' + "\\n".join(t.replace("\\", "\\\\").replace('"', '\\"') for t in lines) + '"'


def render_dot(doc: dict) -> str:
    out = ["digraph dependencies {", "  rankdir=LR;", '  node [shape=box, fontsize=10];']
    for i, n in enumerate(doc["nodes"]):
        out.append(f"  n{i} [label={_dot_quote(n['name'], n['type'])}, tooltip={_dot_quote(n['id'])}];")
    pos = {n["id"]: i for i, n in enumerate(doc["nodes"])}
    ext = {t: i for i, t in enumerate(sorted({e["to"] for e in doc["external"]}))}
    for t, i in ext.items():
        out.append(f"  x{i} [label={_dot_quote(t.rsplit('/', 1)[-1], '(external)')}, "
                   f"tooltip={_dot_quote(t)}, style=dashed];")
    for e in doc["edges"]:
        out.append(f"  n{pos[e['from']]} -> n{pos[e['to']]} [label={_dot_quote(e['kind'])}];")
    for e in doc["external"]:
        out.append(f"  n{pos[e['from']]} -> x{ext[e['to']]} [label={_dot_quote(e['kind'])}, style=dashed];")
    out.append("}")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    # Mermaid labels are quoted strings; quotes inside become the #quot; entity.
    return text.replace('"', "#quot;")


def render_mermaid(doc: dict) -> str:
    out = ["flowchart LR"]
    for i, n in enumerate(doc["nodes"]):
        out.append(f'  n{i}["{_mermaid_text(n["name"])}<br/>{_mermaid_text(n["type"])}"]')
    pos = {n["id"]: i for i, n in enumerate(doc["nodes"])}
    ext = {t: i for i, t in enumerate(sorted({e["to"] for e in doc["external"]}))}
    for t, i in ext.items():
        out.append(f'  x{i}(["{_mermaid_text(t.rsplit("/", 1)[-1])}<br/>external"])')
    for e in doc["edges"]:
        out.append(f'  n{pos[e["from"]]} -->|{e["kind"]}| n{pos[e["to"]]}')
    for e in doc["external"]:
        out.append(f'  n{pos[e["from"]]} -.->|{e["kind"]}| x{ext[e["to"]]}')
    return "\n".join(out) + "\n"


def render_json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


RENDERERS = {"dot": render_dot, "mmd": render_mermaid, "json": render_json}
