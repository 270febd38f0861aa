"""The settings file keeps issue 18's choices: the target hourly rate, hours per
ticket, ranking by gross profit, the risk weights and the confirmed matches
with last period's list."""

from __future__ import annotations

import json

import pytest

from niche import Options, SettingsError
from niche.export.settings_file import AppSettings, from_json, to_json
from niche.model import RiskWeights, Settings

PROFIT = AppSettings(
    target_rate=125.0,
    hours_per_ticket=1.5,
    rank_by_profit=True,
    risk_weights={
        "revenue_change": 0.5,
        "margin": 0.1,
        "hourly_rate": 0.1,
        "hours_trend": 0.1,
        "tenure": 0.0,
        "recency": 0.2,
    },
    previous_confirmed=(("Dovetail Accounting", "Dovetail Acounting"),),
)


def test_round_trip() -> None:
    text = to_json(PROFIT)
    assert from_json(text) == PROFIT
    body = json.loads(text)
    assert body["risk_weights"]["revenue_change"] == 0.5
    assert body["previous_confirmed"] == [["Dovetail Accounting", "Dovetail Acounting"]]
    settings = PROFIT.settings()
    assert settings.target_rate == 125.0
    assert settings.hours_per_ticket == 1.5
    assert settings.rank_by_profit
    assert settings.risk_weights == RiskWeights(0.5, 0.1, 0.1, 0.1, 0.0, 0.2)


def test_from_parts_keeps_them() -> None:
    settings = Settings(
        target_rate=80.0,
        hours_per_ticket=2.0,
        rank_by_profit=True,
        risk_weights=RiskWeights(recency=1.0),
    )
    assert AppSettings.from_parts(settings, Options()).settings() == settings


def test_a_partial_weights_object_keeps_the_other_defaults() -> None:
    settings = from_json('{"risk_weights": {"tenure": 0}}').settings()
    assert settings.risk_weights == RiskWeights(tenure=0.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"target_rate": "100"}', '"target_rate" must be a number'),
        ('{"target_rate": -5}', "Target rate must be >= 0"),
        ('{"hours_per_ticket": 0}', "hours per ticket > 0"),
        ('{"rank_by_profit": "yes"}', '"rank_by_profit" must be true or false'),
        ('{"risk_weights": {"colour": 1}}', '"risk_weights" must be an object'),
        ('{"risk_weights": [1, 2]}', '"risk_weights" must be an object'),
        ('{"risk_weights": {"tenure": "a lot"}}', '"risk_weights" must be a number'),
        ('{"risk_weights": {"tenure": -1}}', "Risk weights must be >= 0"),
        ('{"previous_confirmed": [["a"]]}', '"previous_confirmed" must be a list'),
    ],
)
def test_bad_values_give_one_line(text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as info:
        from_json(text)
    assert "\n" not in str(info.value)
