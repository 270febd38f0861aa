"""Columns of the small frames the page shows (tables, chart data).

A 200-row table or a 3,000-point chart is built once per analysis; these keep
its text columns from going through Python objects and back (which costs more
than the rest of such a frame) and give the same ``str`` columns as before.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray


def text_values(values: pd.Series) -> ExtensionArray | np.ndarray:
    """The column as text, values only: what ``values.astype(str).to_numpy()``
    gives a new frame (``str`` dtype; ``object`` when empty), read as it is."""
    text = values.astype(str)
    return text.array if len(text) else text.to_numpy()


def labels_of(
    values: pd.Series, labels: Mapping[object, str]
) -> ExtensionArray | np.ndarray:
    """What ``values.map(labels).to_numpy()`` gives a new frame (NaN for a value
    without a label): each distinct value is looked up once."""
    codes, distinct = pd.factorize(values)  # a missing value: code -1
    named = [labels.get(value, math.nan) for value in distinct]
    if not len(values) or not all(isinstance(name, str) for name in named):
        return np.array(
            [labels.get(v, math.nan) for v in values.tolist()], dtype=object
        )
    return pd.array([*named, math.nan], dtype="str").take(codes)  # -1: the NaN


def codes_in(values: pd.Series, names: Sequence[object]) -> np.ndarray:
    """Each value's index in ``names`` (-1 when not there), from the few
    distinct values of the column."""
    codes, distinct = pd.factorize(values)  # a missing value: code -1
    known = [names.index(v) if v in names else -1 for v in distinct]
    return np.array([*known, -1], dtype=np.intp)[codes]  # -1 stays -1
