"""Single parts of the page under ``AppTest.from_function`` (issue 14 item 5):
simpler than driving the whole page where one component is the question."""

from __future__ import annotations

import pytest
from page_helpers import (
    CORPUS,
    ENRICH,
    MATCHES_APPLY,
    PAGE_DATA,
    TIMEOUT,
    edit,
    plain,
)
from streamlit.testing.v1 import AppTest


def tier_limits_app() -> None:
    import streamlit as st

    from niche.ui import sidebar

    low, high = sidebar.tier_limits()
    st.markdown(f"tiers {low} {high}")


@pytest.fixture
def tiers() -> AppTest:
    return AppTest.from_function(tier_limits_app, default_timeout=TIMEOUT).run()


def limits(at: AppTest) -> tuple[tuple[int, int], tuple[int, int]]:
    low, high = at.number_input(key="tier_low"), at.number_input(key="tier_high")
    return (low.min, low.max), (high.min, high.max)


def test_tier_limits_start_at_the_defaults(tiers: AppTest) -> None:
    assert tiers.markdown[0].value == "tiers 10 50"
    assert limits(tiers) == ((1, 50), (10, 100_000))


def test_each_tier_limits_range_follows_the_other(tiers: AppTest) -> None:
    """Micro above large cannot be entered: each range ends at the other."""
    tiers.number_input(key="tier_low").set_value(40).run()
    assert limits(tiers) == ((1, 50), (40, 100_000))
    tiers.number_input(key="tier_high").set_value(45).run()
    assert not tiers.exception
    assert limits(tiers) == ((1, 45), (40, 100_000))
    assert tiers.markdown[0].value == "tiers 40 45"
    tiers.number_input(key="tier_low").set_value(45).run()  # equal is allowed
    assert tiers.markdown[0].value == "tiers 45 45"
    assert limits(tiers) == ((1, 45), (45, 100_000))


def close_matches_app(client_file: str, device_file: str) -> None:
    from pathlib import Path

    import streamlit as st

    from niche.session import (
        CompleteRequest,
        FileRef,
        PrepareRequest,
        ReadRequest,
        SecondFile,
        Steps,
    )
    from niche.ui import complete

    files = {}
    refs = []
    for path in (Path(client_file), Path(device_file)):
        data = path.read_bytes()
        refs.append(FileRef.of(data, path.name))
        files[refs[-1]] = data
    confirmed = tuple(tuple(p) for p in st.session_state.get("confirmed", []))
    prepare = PrepareRequest(ReadRequest(refs[0]))
    request = CompleteRequest(prepare, (SecondFile(refs[1]),), confirmed)
    (join,) = Steps(files).completed(request).joins
    complete._join(join, request)


@pytest.fixture
def matches() -> AppTest:
    args = (str(ENRICH / "qbo_sales_summary.csv"), str(ENRICH / "rmm_devices.csv"))
    app = AppTest.from_function(close_matches_app, args=args, default_timeout=TIMEOUT)
    return app.run()


def test_close_matches_confirmed_all_at_once(matches: AppTest) -> None:
    at = matches
    assert not at.exception
    assert plain(at.markdown[0].value).startswith(
        "**rmm_devices.csv**: 5 of your clients matched by name (devices); 1 close "
        "match to confirm"
    )
    (proposals,) = [e.value for e in at.data_editor if e.key.startswith("confirm_")]
    assert proposals.to_dict("records") == [
        {
            "Same client?": False,
            "Your client": "Dovetail Accounting Inc.",
            "Name in the file": "Dovetail Acounting",
            "Similarity": pytest.approx(97.3, abs=0.1),
        }
    ]
    next(b for b in at.button if b.label == "Confirm the close match").click().run()
    assert not at.exception
    assert at.session_state["confirmed"] == [
        ["Dovetail Accounting Inc.", "Dovetail Acounting"]
    ]
    assert "every close match confirmed" in plain(at.markdown[0].value)
    assert "Confirm the close match" not in [b.label for b in at.button]
    (proposals,) = [e.value for e in at.data_editor if e.key.startswith("confirm_")]
    assert proposals["Same client?"].tolist() == [True]  # can be unticked


def test_a_confirmed_match_unticked_and_applied(matches: AppTest) -> None:
    at = matches
    at.session_state["confirmed"] = [["Dovetail Accounting Inc.", "Dovetail Acounting"]]
    at.run()
    edit(at, "confirm_", {0: {"Same client?": False}}, MATCHES_APPLY)
    assert not at.exception
    assert at.session_state["confirmed"] == []
    assert "1 close match to confirm" in plain(at.markdown[0].value)


def first_screen_app(path: str) -> None:
    from pathlib import Path

    from niche import analyze_bytes
    from niche.ui import top

    file = Path(path)
    analysis = analyze_bytes(file.read_bytes(), file.name)
    top.figures(analysis)
    top.missing(analysis)


@pytest.mark.parametrize(
    ("path", "success", "error"),
    [
        (
            ENRICH / "qbo_sales_summary.csv",
            "Matches your file's TOTAL of $199,200.00.",
            None,
        ),
        (
            CORPUS / "qbo_transaction_list_by_customer.csv",
            None,
            "Differs from your file's TOTAL by $18,550.00: see Data quality.",
        ),
        (PAGE_DATA / "hostile_names.csv", None, None),
    ],
)
def test_the_check_against_the_files_total(path, success, error) -> None:
    at = AppTest.from_function(first_screen_app, args=(str(path),)).run()
    assert not at.exception
    assert [plain(s.value) for s in at.success] == ([success] if success else [])
    assert [plain(e.value) for e in at.error] == ([error] if error else [])
    if not (success or error):
        assert "Your file has no TOTAL line" in at.caption[-1].value


def test_the_next_step_button_opens_the_complete_tab() -> None:
    path = str(ENRICH / "qbo_sales_summary.csv")
    at = AppTest.from_function(first_screen_app, args=(path,), default_timeout=TIMEOUT)
    at.run()
    assert plain(at.info[0].value).startswith("Your file lacks industries for 100 %")
    next(b for b in at.button if b.label == "Complete your data").click().run()
    assert not at.exception
    assert at.session_state["tab"] == "Complete your data"
    sample = str(PAGE_DATA / "clients_small.csv")  # complete: no next step
    done = AppTest.from_function(first_screen_app, args=(sample,)).run()
    assert not done.info
    assert not done.button
