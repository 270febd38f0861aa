"""Native Excel charts for the report, described as values and drawn by XlsxWriter.

A :class:`ChartSpec` names its series by the cells that hold their values
(:class:`Series`); :func:`add_chart` draws it on a worksheet. Columns, bars, a
line on the right-hand axis, and a waterfall (a stacked column chart whose first
series, the bars' bases, is not drawn; each bar coloured by ``points``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Series:
    """A chart series: ``values`` (and ``categories``) as (sheet, first row,
    column, last row), rows and columns counted from 0."""

    name: str
    values: tuple[str, int, int, int]
    categories: tuple[str, int, int, int]
    kind: str | None = None  # another chart type for this series ("line")
    secondary: bool = False  # on the right-hand axis
    color: str | None = None  # None: the chart's own; "none": not drawn
    points: Sequence[str] = ()  # one colour per point, overriding ``color``
    labels: Sequence[str] = ()  # one label per point, shown on the bar


@dataclass(frozen=True)
class ChartSpec:
    """A native Excel chart placed at ``cell`` (e.g. "D2")."""

    kind: str  # "column" | "bar"
    title: str
    series: Sequence[Series]
    cell: str
    y_title: str = ""
    x_title: str = ""
    y_format: str | None = None  # number format of the value axis
    y2_format: str | None = None
    width: int = 720  # pixels
    height: int = 320
    stacked: bool = False
    legend: bool = True
    hidden_data: bool = False  # its values are in hidden columns


def axis_money(currency: str) -> str:
    """A value axis' number format for amounts: "$"#,##0 (no cents)."""
    if currency.isprintable() and '"' not in currency:
        return f'"{currency}"#,##0'
    return "#,##0"


def _range(ref: tuple[str, int, int, int]) -> list[object]:
    """(sheet, first row, column, last row) as XlsxWriter's range list."""
    sheet, first, column, last = ref
    return [sheet, first, column, last, column]


def _series_options(series: Series) -> dict[str, Any]:
    options: dict[str, Any] = {
        "name": series.name,
        "values": _range(series.values),
        "categories": _range(series.categories),
    }
    if series.secondary:
        options["y2_axis"] = True
    if series.color == "none":
        options["fill"] = {"none": True}
        options["border"] = {"none": True}
    elif series.color:
        key = "line" if series.kind == "line" else "fill"
        options[key] = {"color": series.color}
        if series.kind == "line":
            options["marker"] = {"type": "none"}
    if series.points:
        options["points"] = [{"fill": {"color": c}, "border": {"none": True}}
                             for c in series.points]  # fmt: skip
        options["gap"] = 60
    if series.labels:
        options["data_labels"] = {
            "value": True,
            "position": "inside_end",
            "custom": [{"value": text} for text in series.labels],
        }
    return options


def add_chart(book: Any, ws: Any, spec: ChartSpec) -> None:
    """Draw ``spec`` on the worksheet ``ws`` of the XlsxWriter workbook ``book``."""
    chart = book.add_chart(
        {"type": spec.kind, **({"subtype": "stacked"} if spec.stacked else {})}
    )
    for series in spec.series:
        target = chart
        if series.kind:
            target = book.add_chart({"type": series.kind})
        target.add_series(_series_options(series))
        if target is not chart:
            chart.combine(target)
            if series.secondary:
                target.set_y2_axis(
                    {"num_format": spec.y2_format or "General", "min": 0, "max": 1}
                )
    chart.set_title({"name": spec.title, "name_font": {"size": 12}})
    chart.set_legend({"position": "top"} if spec.legend else {"none": True})
    if spec.hidden_data:
        chart.show_hidden_data()
    values = {"name": spec.y_title, "num_format": spec.y_format or "General"}
    if spec.kind == "bar":  # values across, categories down: the largest on top
        chart.set_x_axis(values)
        chart.set_y_axis({"name": spec.x_title, "reverse": True})
    else:
        chart.set_y_axis(values)
        chart.set_x_axis({"name": spec.x_title})
    ws.insert_chart(
        spec.cell, chart, {"x_scale": spec.width / 480, "y_scale": spec.height / 288}
    )
