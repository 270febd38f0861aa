"""Tests for niche.frames: display columns equal to what pandas would build."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from niche.frames import codes_in, labels_of, text_values

LABELS = {"a": "Alpha", "b": "Beta"}


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(["a", "b", "a", "c"], dtype="str"),
        pd.Series(["a", None, "b"], dtype=object),
        pd.Series(["b", "a"], dtype=object),
        pd.Series([], dtype="str"),
    ],
)
def test_labels_of_is_map(values: pd.Series) -> None:
    expected = pd.DataFrame({"x": values.map(LABELS).to_numpy()})
    pd.testing.assert_frame_equal(
        pd.DataFrame({"x": labels_of(values, LABELS)}), expected
    )


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(["x", "y"], dtype="str"),
        pd.Series(["x", 3, None], dtype=object),
        pd.Series([], dtype=object),
    ],
)
def test_text_values_is_astype_str(values: pd.Series) -> None:
    expected = pd.DataFrame({"x": values.astype(str).to_numpy()})
    pd.testing.assert_frame_equal(pd.DataFrame({"x": text_values(values)}), expected)


def test_codes_in() -> None:
    values = pd.Series(["large", None, "micro", "other", "large"], dtype="str")
    codes = codes_in(values, ("micro", "sweet_spot", "large"))
    assert codes.tolist() == [2, -1, 0, -1, 2]
    assert codes_in(pd.Series([], dtype=object), ("a",)).dtype == np.intp
