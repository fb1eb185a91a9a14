"""Resource labels for the audit (classification, business function, critical) from tags named in config."""

from __future__ import annotations

import pandas as pd

LABEL_COLUMNS = ["label_classification", "label_business_function", "label_critical"]


def _first(tags: dict, names_lower: list[str]) -> str | None:
    lowered = {str(k).lower(): v for k, v in tags.items()}
    for n in names_lower:
        v = lowered.get(n)
        if v not in (None, ""):
            return str(v)
    return None


def derive_labels(tags: pd.Series, settings: dict) -> pd.DataFrame:
    """Three small columns from the tags column (one dict per resource), so the tags can be dropped after."""
    cls_names = [t.lower() for t in settings["classification_tags"]]
    fn_names = [t.lower() for t in settings["business_function_tags"]]
    crit_names = [t.lower() for t in settings["critical_tags"]]
    yes = {str(v).lower() for v in settings["critical_values"]}
    no = {str(v).lower() for v in settings["not_critical_values"]}
    cls, fn, crit = [], [], []
    for t in tags:
        t = t if isinstance(t, dict) else {}
        cls.append(_first(t, cls_names))
        fn.append(_first(t, fn_names))
        c = (_first(t, crit_names) or "").lower()
        crit.append(True if c in yes else False if c in no else None)
    return pd.DataFrame({"label_classification": cls, "label_business_function": fn, "label_critical": crit},
                        index=tags.index, dtype=object)
