"""The page's Altair charts as PNG images, rendered without a browser.

vl-convert (Vega-Lite's own renderer, compiled into a wheel) draws the same
specification the page sends to the browser; nothing is fetched. Sizes are given
in millimetres of paper: one CSS pixel is 1/96 inch, so the charts' 11 px labels
print at about 8 pt, and ``scale`` adds the pixels a printer needs.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).resolve().parents[1] / "data" / "fonts"
FONT = "Liberation Sans"
PX_PER_MM = 96 / 25.4


@functools.cache
def _converter() -> Any:
    """vl_convert, with the plan's fonts registered once per process."""
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))
    return vl_convert


def chart_png(
    chart: Any,
    width_mm: float,
    height_mm: float,
    scale: float = 3,
    right_mm: float = 0,
) -> bytes:
    """``chart`` (an Altair chart) drawn ``width_mm`` x ``height_mm`` as PNG bytes.

    The size is the whole picture's, axes and legend included (``autosize:
    fit``), so the image fills the box it is printed in; ``right_mm`` keeps room
    on the right for labels drawn past the plot (the industry chart's counts).
    """
    spec = chart.properties(
        width=round(width_mm * PX_PER_MM),
        height=round(height_mm * PX_PER_MM),
        autosize={"type": "fit", "contains": "padding"},
        padding={
            "left": 2,
            "top": 2,
            "bottom": 2,
            "right": round(right_mm * PX_PER_MM),
        },
    ).to_dict()
    config = {"font": FONT, "background": "white"}
    return _converter().vegalite_to_png(spec, scale=scale, config=config)
