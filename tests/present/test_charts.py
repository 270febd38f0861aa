"""Charts for the page: assert on the Vega-Lite spec (chart.to_dict()), not pixels."""

from __future__ import annotations

from pathlib import Path

import pytest

from niche import Settings, analyze_bytes
from niche.model import Analysis
from niche.present import charts
from niche.present import views as page_model

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "clients.xlsx"


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return analyze_bytes(SAMPLE.read_bytes(), "clients.xlsx")


def big_analysis(n: int, settings: Settings | None = None) -> Analysis:
    lines = ["Client,Industry,PCs,Revenue"]
    industries = ["Dentist", "Law firm", "CPA", "Restaurant", "Manufacturing"]
    for i in range(n):
        lines.append(f"Client {i:05d},{industries[i % 5]},{i % 80 + 1},{1000 + 37 * i}")
    return analyze_bytes(
        "\n".join(lines).encode(), "big.csv", settings=settings or Settings()
    )


def layers(spec: dict) -> list[dict]:
    """All unit specs of a (nested) layer chart."""
    out = []
    for layer in spec.get("layer", [spec]):
        out.extend(layers(layer) if "layer" in layer else [layer])
    return out


def datasets(spec: dict) -> dict[str, list[dict]]:
    return spec["datasets"]


def data_of(spec: dict, unit: dict) -> list[dict]:
    """A unit's rows (Altair moves data shared by all layers to the top)."""
    return datasets(spec)[unit.get("data", spec.get("data"))["name"]]


def test_pareto_encodings_and_80_percent_rule(sample: Analysis) -> None:
    spec = charts.pareto_chart(sample).to_dict()
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    units = layers(spec)
    marks = [
        u["mark"]["type"] if isinstance(u["mark"], dict) else u["mark"] for u in units
    ]
    assert marks == ["bar", "line", "rule", "text"]
    bars, line, rule, text = units
    assert bars["encoding"]["y"]["field"] == "monthly_revenue"
    assert bars["encoding"]["color"]["field"] == "value_class"
    assert bars["encoding"]["color"]["scale"]["range"][:3] == list(
        charts.CLASS_COLORS.values()
    )
    assert line["encoding"]["y"]["field"] == "cumulative_share"
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert data_of(spec, rule) == [{"cumulative_share": 0.8, "text": "80 % of revenue"}]
    assert {t["title"] for t in bars["encoding"]["tooltip"]} >= {"Client", "Share"}
    rows = data_of(spec, bars)
    assert len(rows) == 39  # the sample: every client, no "others" bar
    # ... and no "All others" in the legend either
    assert "All others" not in bars["encoding"]["color"]["scale"]["domain"]
    assert len(bars["encoding"]["color"]["scale"]["range"]) == 3
    assert rows[0]["label"] == "Bright Smile Dental Group"
    assert rows[0]["value_class"] == "A: best clients"
    # The clients are named on the axis, in rank order (not rank numbers).
    assert bars["encoding"]["x"]["field"] == "label"
    assert bars["encoding"]["x"]["sort"]["field"] == "order"


def test_pareto_rule_follows_class_cut_off() -> None:
    analysis = big_analysis(30, Settings(classes=(0.7, 0.9)))
    spec = charts.pareto_chart(analysis).to_dict()
    rule = layers(spec)[2]
    assert data_of(spec, rule)[0]["cumulative_share"] == pytest.approx(0.7)


def test_pareto_caps_at_the_top_plus_all_others() -> None:
    analysis = big_analysis(200)
    top = charts.PARETO_TOP
    data = charts.pareto_data(analysis)
    assert len(data) == top + 1
    others = data.iloc[-1]
    rest = analysis.clients.sort_values("rank").iloc[top:]
    # As tall as their average client (a sum would flatten the top ones); the
    # axis says how many, the tooltip gives the total, the shares are theirs.
    assert others["monthly_revenue"] == pytest.approx(rest["monthly_revenue"].mean())
    together = f"${rest['monthly_revenue'].sum():,.0f} together"
    assert others["label"] == f"All others ({200 - top})"
    assert others["detail"].startswith(f"All others ({200 - top} clients): $")
    assert others["detail"].endswith(together)
    assert others["revenue_share"] == pytest.approx(rest["revenue_share"].sum())
    assert others["cumulative_share"] == 1.0
    assert others["clients"] == 200 - top
    spec = charts.pareto_chart(analysis).to_dict()
    bars = layers(spec)[0]
    assert len(data_of(spec, bars)) == top + 1
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"][-1] == "All others"
    assert scale["range"][-1] == charts.OTHERS_COLOR


def test_tier_scatter_colours_and_boundaries(sample: Analysis) -> None:
    spec = charts.tier_scatter(sample).to_dict()
    points, rules, labels = layers(spec)
    assert points["encoding"]["x"]["field"] == "systems"
    assert points["encoding"]["y"]["field"] == "monthly_revenue"
    color = points["encoding"]["color"]
    assert color["field"] == "tier"
    assert color["scale"]["range"] == list(charts.TIER_COLORS.values())
    assert [r["systems"] for r in data_of(spec, rules)] == [10, 50]
    # the client with no PC count is not plotted
    assert len(data_of(spec, points)) == 38


def test_tier_scatter_boundaries_follow_settings() -> None:
    analysis = big_analysis(40, Settings(tiers=(5, 25)))
    spec = charts.tier_scatter(analysis).to_dict()
    assert [r["systems"] for r in data_of(spec, layers(spec)[1])] == [5, 25]


def test_scatter_samples_beyond_the_limit() -> None:
    analysis = big_analysis(1200)
    data = charts.scatter_data(analysis, limit=500)
    assert len(data) == 500
    top = analysis.clients.nsmallest(100, "rank")["client"]
    assert set(top) <= set(data["client"])  # the top clients are always shown
    again = charts.scatter_data(analysis, limit=500)
    assert data["client"].tolist() == again["client"].tolist()  # deterministic
    charts.tier_scatter(analysis, limit=500).to_dict()  # under Altair's row limit


def test_same_colours_for_tiers_everywhere(sample: Analysis) -> None:

    tiers = page_model.tier_summary(sample)
    spec = charts.tier_bars(tiers, "$").to_dict()
    assert spec["encoding"]["color"]["scale"]["range"] == list(
        charts.TIER_COLORS.values()
    )


def test_industry_chart_has_named_point_selection(sample: Analysis) -> None:
    spec = charts.industry_chart(sample).to_dict()
    # Altair lifts a layer's params to the top level, bound to the first view.
    params = spec.get("params", []) + [
        p for u in layers(spec) for p in u.get("params", [])
    ]
    assert [(p["name"], p["select"]) for p in params] == [
        ("industry_pick", {"type": "point", "fields": ["industry"]})
    ]
    total, best, text = layers(spec)
    assert total["encoding"]["y"]["field"] == "industry"
    assert total["encoding"]["opacity"]["condition"]["param"] == "industry_pick"
    rows = data_of(spec, total)
    assert rows[0]["industry"] == "Dental offices"
    assert rows[0]["label"] == "8 best of 8  ← recommended"


def test_industry_chart_caps_industries() -> None:
    lines = ["Client,Industry,PCs,Revenue"]
    lines += [f"C{i},Label number {i},5,{100 + i}" for i in range(40)]
    analysis = analyze_bytes("\n".join(lines).encode(), "many.csv")
    assert len(charts.industry_data(analysis)) == charts.INDUSTRY_TOP


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (None, ()),
        ({}, ()),
        ({"selection": {}}, ()),
        ({"selection": {"industry_pick": []}}, ()),
        (
            {"selection": {"industry_pick": [{"industry": "Dental offices"}]}},
            ("Dental offices",),
        ),
        (
            {
                "selection": {
                    "industry_pick": [
                        {"industry": "Law firms"},
                        {"industry": "Dental offices"},
                        {"industry": "Law firms"},
                    ]
                }
            },
            ("Law firms", "Dental offices"),
        ),
        ({"selection": {"industry_pick": [{"vgsid": 3}]}}, ()),
        ({"selection": {"industry_pick": {"industry": ["A", "B"]}}}, ("A", "B")),
        ({"selection": {"other_param": [{"industry": "X"}]}}, ()),
        ({"selection": "garbage"}, ()),
        ({"selection": {"industry_pick": 5}}, ()),
    ],
)
def test_selected_values(event: object, expected: tuple[str, ...]) -> None:
    assert charts.selected_values(event) == expected


def test_selected_values_on_streamlit_state() -> None:
    """The dict-like object st.altair_chart returns, as Streamlit builds it."""
    from streamlit.elements.vega_charts import VegaLiteState

    state = VegaLiteState(
        selection={"industry_pick": [{"industry": "Medical offices"}]}
    )
    assert charts.selected_values(state) == ("Medical offices",)
