"""The one vocabulary for figures and labels (niche.format)."""

from __future__ import annotations

from niche import format as fmt


def test_small_shares_keep_a_decimal() -> None:
    assert fmt.pct(0.172) == "17 %"
    assert fmt.pct(0.0096) == "1 %"
    assert fmt.pct(0.003) == "0.3 %"
    assert fmt.pct(0.0004) == "< 0.1 %"
    assert fmt.pct(0.0) == "0 %"
    assert fmt.pct(0.1234, 1) == "12.3 %"


def test_counts_take_the_plural_only_when_not_one() -> None:
    assert fmt.counted(1, "client") == "1 client"
    assert fmt.counted(0, "client") == "0 clients"
    assert fmt.counted(1200, "client") == "1,200 clients"
    assert fmt.counted(2, "close match", "close matches") == "2 close matches"
    assert fmt.counted(1, "close match", "close matches") == "1 close match"


def test_money_puts_the_sign_before_the_currency() -> None:
    assert fmt.money(-1200, "$") == "-$1,200"
    assert fmt.money(1234.5, "€", cents=True) == "€1,234.50"
    assert fmt.money(float("nan"), "$") == "–"
    assert fmt.money(-0.4, "$") == "$0"  # never "$-0" or "-$0"
    assert fmt.money(-0.004, "$", cents=True) == "$0.00"


def test_markdown_is_made_inert() -> None:
    assert fmt.escape_markdown("**a** [x](y)\nz") == "\\*\\*a\\*\\* \\[x\\]\\(y\\) z"


def test_sentence_case_keeps_the_rest_as_written() -> None:
    assert fmt.sentence("high") == "High"
    assert fmt.sentence("not enough evidence") == "Not enough evidence"
    assert fmt.sentence("") == ""


def test_dates_in_words() -> None:
    import datetime as dt

    assert fmt.day(dt.date(2024, 12, 1)) == "1 December 2024"
    assert (
        fmt.span(dt.date(2024, 12, 1), dt.date(2025, 11, 30))
        == "1 December 2024 to 30 November 2025"
    )
