"""Resource labels for the audit (classification, business function, critical) from tags named in config."""

from __future__ import annotations

import pandas as pd


def _first(tags: dict, keys: tuple) -> str | None:
    for k in keys:
        v = tags[k]
        if v not in (None, ""):
            return str(v)
    return None


def derive_labels(tags: pd.Series, settings: dict) -> pd.DataFrame:
    """Three small columns from the tags column (one dict per resource), so the tags can be dropped after.

    Tag names match case-insensitively. Estates repeat a few sets of tag names, so which actual keys
    answer each label is worked out once per set of names, not once per resource.
    """
    wanted = [[t.lower() for t in settings[k]] for k in ("classification_tags", "business_function_tags",
                                                        "critical_tags")]
    yes = {str(v).lower() for v in settings["critical_values"]}
    no = {str(v).lower() for v in settings["not_critical_values"]}
    keys_for: dict[tuple, tuple] = {}
    cls, fn, crit = [], [], []
    for t in tags:
        if not isinstance(t, dict) or not t:
            cls.append(None), fn.append(None), crit.append(None)
            continue
        names = tuple(t)
        found = keys_for.get(names)
        if found is None:
            lowered: dict[str, list] = {}
            for k in names:
                lowered.setdefault(str(k).lower(), []).append(k)
            found = keys_for[names] = tuple(tuple(k for n in w for k in lowered.get(n, ())) for w in wanted)
        cls.append(_first(t, found[0]))
        fn.append(_first(t, found[1]))
        c = (_first(t, found[2]) or "").lower()
        crit.append(True if c in yes else False if c in no else None)
    return pd.DataFrame({"label_classification": cls, "label_business_function": fn, "label_critical": crit},
                        index=tags.index, dtype=object)
