"""`migrate inventory show`: counts by type, location and resource group."""

from __future__ import annotations

import pandas as pd
from tabulate import tabulate

from .catalog.load import Catalog


def summarise_inventory(inv: pd.DataFrame, catalog: Catalog, iac: dict | None = None) -> dict:
    """Counts of an inventory; ``iac`` (the import's IaC coverage) is passed through when a state was read."""
    known = inv["type"].isin(catalog.types.index)

    def counts(col: str) -> list[list]:
        vc = inv[col].fillna("(none)").value_counts()
        return sorted(([k, int(v)] for k, v in vc.items()), key=lambda kv: (-kv[1], kv[0]))

    by_type = []
    for t, n in counts("type"):
        cls = catalog.types["service_class"].get(t)
        by_type.append([t, n, cls if isinstance(cls, str) else "UNMAPPED"])
    unresolved = int(inv["unresolved"].map(lambda u: bool(u) if isinstance(u, list) else False).sum()) if len(inv) else 0
    return {
        "resources": int(len(inv)),
        "types": int(inv["type"].nunique()),
        "unmapped_resources": int((~known).sum()),
        "with_unresolved_fields": unresolved,
        "subscriptions": counts("subscription"),
        "by_type": by_type,
        "by_location": counts("location"),
        "by_resource_group": counts("resource_group"),
        **({"iac": iac} if iac else {}),
    }


def render_summary(s: dict) -> str:
    out = [f"{s['resources']} resources, {s['types']} types, {s['unmapped_resources']} of unmapped type, "
           f"{s['with_unresolved_fields']} with unresolved template values", ""]
    if s.get("iac"):
        i = s["iac"]
        out[-1:-1] = [f"Not under IaC ({', '.join(i['sources'])}): {i['not_under_iac']} of {i['resources']} resources "
                      f"({i['only_in_iac']} listed only in a state)"]
    out.append(tabulate(s["by_type"], headers=["type", "resources", "service class"], tablefmt="simple"))
    out.append("")
    out.append(tabulate(s["by_location"], headers=["location", "resources"], tablefmt="simple"))
    out.append("")
    out.append(tabulate(s["by_resource_group"], headers=["resource group", "resources"], tablefmt="simple"))
    return "\n".join(out) + "\n"
