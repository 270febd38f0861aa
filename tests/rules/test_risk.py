"""The risk score (issue 18): 0-100 from the signals the file has, the weights a
setting, each client's top two reasons in words; the SPEC's at_risk flag as it
was. Figures worked by hand from the files (see the comments).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from core_helpers import DATA_DIR, run_file
from hypothesis import given, settings
from hypothesis import strategies as st

from niche.errors import SettingsError
from niche.model import RiskWeights, Settings
from niche.rules.risk import SIGNALS, _texts, _words

INVOICES = DATA_DIR / "change" / "invoices_30_months.csv"
SUMMARY = DATA_DIR / "profit" / "risk_summary.csv"

# invoices_30_months.csv, window 2025-01-01..2025-12-31, prior 2024. Signals in
# the file: revenue change, hourly rate, hours trend, tenure, recency (no cost):
# the default weights sum to 0.30 + 0.15 + 0.15 + 0.10 + 0.15 = 0.85.
#   Birch: 7,200 vs 9,600 -> drop 25 % -> 0.5; $80/h -> 0.2; last invoice
#          2025-10-01, 91 days -> (91 - 30) / 90; 100 x (0.15 + 0.03 + 0.15 x
#          61/90) / 0.85
#   Cedar: hours 4 -> 12 -> +200 % -> 1; 60 days -> 1/3: 100 x (0.15 + 0.05) / 0.85
#   Elm:   lost (2,400 -> 0) -> 1; 639 days -> 1: 100 x 0.45 / 0.85
#   Fjord: first invoice 2025-08-01, 152 days -> 1 - 152 / 365.25:
#          100 x 0.10 x (1 - 152/365.25) / 0.85
#   Granite Old Mill: 822 days -> 1: 100 x 0.15 / 0.85
#   Alpine: grown, $660/h, hours flat, invoiced 2025-12-15: 0
INVOICE_SCORES = {
    "Birch Law Group": 100 * (0.15 + 0.03 + 0.15 * 61 / 90) / 0.85,
    "Cedar Accounting": 100 * 0.20 / 0.85,
    "Elm Street Bakery": 100 * 0.45 / 0.85,
    "Fjord Logistics": 100 * 0.10 * (1 - 152 / 365.25) / 0.85,
    "Granite Old Mill": 100 * 0.15 / 0.85,
    "Alpine Dental": 0.0,
}
INVOICE_REASONS = {
    "Birch Law Group": ("revenue down 25 % on last period", "no invoice for 91 days"),
    "Cedar Accounting": (
        "support hours up 200 % in the last 6 months",
        "no invoice for 60 days",
    ),
    "Elm Street Bakery": ("no revenue this period", "no invoice for 639 days"),
    "Fjord Logistics": ("a client for 5 months",),
    "Granite Old Mill": ("no invoice for 822 days",),
    "Alpine Dental": (),
}

# risk_summary.csv as of 2025-12-31: revenue change, margin (target 20 %),
# hourly rate and tenure (client since): weights 0.30 + 0.15 + 0.15 + 0.10 = 0.70.
#   Dropping Co: 6,000 vs 12,000 -> 1; margin 20 % -> 0: 100 x 0.30 / 0.70
#   Thin Co: margin 5 % -> 0.75; $50/h -> 0.5: 100 x (0.1125 + 0.075) / 0.70
#   New Co: since 2025-10-01, 91 days: 100 x 0.10 x (1 - 91/365.25) / 0.70
SUMMARY_SCORES = {
    "Steady Co": 0.0,
    "Dropping Co": 100 * 0.30 / 0.70,
    "Thin Co": 100 * 0.1875 / 0.70,
    "New Co": 100 * 0.10 * (1 - 91 / 365.25) / 0.70,
}
SUMMARY_REASONS = {
    "Steady Co": (),
    "Dropping Co": ("revenue down 50 % on last period",),
    "Thin Co": (
        "gross margin 5 % (target 20 %)",
        "$50 an hour of support (target $100)",
    ),
    "New Co": ("a client for 3 months",),
}
AS_OF = Settings(as_of="2025-12-31")


def _by_client(analysis: object, column: str) -> dict[str, object]:
    c = analysis.clients  # type: ignore[attr-defined]
    return dict(zip(c["client"], c[column], strict=True))


@pytest.mark.parametrize(
    ("path", "settings", "scores", "reasons"),
    [
        pytest.param(
            INVOICES, Settings(), INVOICE_SCORES, INVOICE_REASONS, id="invoices"
        ),
        pytest.param(SUMMARY, AS_OF, SUMMARY_SCORES, SUMMARY_REASONS, id="summary"),
    ],
)
def test_scores_and_reasons(
    path: object, settings: Settings, scores: dict, reasons: dict
) -> None:
    analysis = run_file(path, settings=settings)  # type: ignore[arg-type]
    assert _by_client(analysis, "risk_score") == pytest.approx(scores)
    assert _by_client(analysis, "risk_reasons") == reasons


def test_the_at_risk_flag_is_the_spec_one() -> None:
    """Revenue down 20 % or more on the prior 12 months, whatever the score."""
    analysis = run_file(INVOICES)
    flagged = {n for n, f in _by_client(analysis, "flags").items() if "at_risk" in f}
    assert flagged == {"Birch Law Group", "Elm Street Bakery"}


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        # Revenue change alone: the risk of the drop itself.
        (
            RiskWeights(1, 0, 0, 0, 0, 0),
            {
                "Birch Law Group": 50.0,
                "Elm Street Bakery": 100.0,
                "Cedar Accounting": 0.0,
            },
        ),
        # Recency alone: (days - 30) / 90, up to 100.
        (
            RiskWeights(0, 0, 0, 0, 0, 2),
            {"Birch Law Group": 100 * 61 / 90, "Cedar Accounting": 100 / 3},
        ),
        # Only proportions matter: twice the defaults is the defaults.
        (
            RiskWeights(0.6, 0.3, 0.3, 0.3, 0.2, 0.3),
            {k: INVOICE_SCORES[k] for k in ("Birch Law Group", "Fjord Logistics")},
        ),
    ],
)
def test_weights_are_a_setting(weights: RiskWeights, expected: dict) -> None:
    analysis = run_file(INVOICES, settings=Settings(risk_weights=weights))
    scores = _by_client(analysis, "risk_score")
    assert {k: scores[k] for k in expected} == pytest.approx(expected)


def test_a_signal_the_file_lacks_does_not_count() -> None:
    """Margin has a weight but the invoice file has no cost: the score is out of
    the other signals, and a file with none of them has no score."""
    only_margin = Settings(risk_weights=RiskWeights(0, 1, 0, 0, 0, 0))
    analysis = run_file(INVOICES, settings=only_margin)
    assert all(math.isnan(s) for s in analysis.clients["risk_score"])
    assert all(r == () for r in analysis.clients["risk_reasons"])
    assert analysis.clients["risk_margin"].isna().all()
    plain = run_file(DATA_DIR / "rules" / "classes.csv")
    assert plain.clients["risk_score"].isna().all()


@pytest.mark.parametrize(
    "weights", [(-0.1, 0, 0, 0, 0, 1), (0, 0, 0, 0, 0, 0), (math.nan, 1, 1, 1, 1, 1)]
)
def test_bad_weights(weights: tuple[float, ...]) -> None:
    with pytest.raises(SettingsError, match="Risk weights"):
        RiskWeights(*weights)


@settings(max_examples=200, deadline=None)
@given(
    signal=st.sampled_from(SIGNALS),
    values=st.lists(
        st.one_of(
            st.floats(-5, 5, allow_nan=False),
            st.sampled_from([0.0, -0.0, 0.005, 0.0095, 0.995, 1.0, 1.004, 0.125]),
            st.floats(-1000, 5000, allow_nan=False),
            st.just(-math.inf),
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_reasons_are_worded_once_per_figure(signal: str, values: list[float]) -> None:
    """The words are worked out once per distinct printed figure: the same as
    wording each value on its own."""
    if signal not in ("margin", "revenue_change"):
        values = [v for v in values if math.isfinite(v)] or [1.0]
    if signal in ("recency", "tenure"):
        values = [abs(v) for v in values]
    array = np.array(values, dtype="float64")
    settings_ = Settings(currency="$")
    expected = [_words(signal, v, settings_) for v in values]
    assert _texts(signal, array, settings_).tolist() == expected
