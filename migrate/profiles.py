"""Work on distinct profiles instead of rows: a million resources share a few thousand
(type, SKU, size) combinations, so lookups run once per profile and are taken back by code."""

from __future__ import annotations

import numpy as np
import pandas as pd


def factorize_rows(df: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Code every row by its values in ``cols`` (NaN equal to NaN); return (codes, one row per code)."""
    if df.empty:
        return np.zeros(0, dtype=np.int64), df[cols].iloc[0:0].reset_index(drop=True)
    codes = df.groupby(cols, dropna=False, sort=False).ngroup().to_numpy()
    _, first = np.unique(codes, return_index=True)
    return codes, df[cols].iloc[first].reset_index(drop=True)
