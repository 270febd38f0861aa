"""The optional password gate, run as a page with AppTest: wrong, right, unset."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from niche.ui import gate as auth

# The pages under test: a scratch page using the gate as app.py does, and app.py
# itself once it exists. Both show the sample analysis (Dental offices) when open.
GATE_APP = Path(__file__).with_name("gate_app.py")
APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = [GATE_APP, *([APP] if APP.exists() else [])]
CONTENT = "Dental offices"
TIMEOUT = 60  # the wrong-password delay is one second; app.py analyses the sample


def _texts(at: AppTest) -> list[str]:
    """Every visible text the page rendered (titles, markdown, captions, alerts)."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "error", "info")
    kinds += ("success", "warning", "metric")
    return [str(el.value) for kind in kinds for el in at.get(kind)]


@pytest.fixture(autouse=True)
def _no_env_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(auth.ENV_VAR, raising=False)


@pytest.fixture(params=PAGES, ids=[p.name for p in PAGES])
def page(request: pytest.FixtureRequest) -> Path:
    return request.param


def _shown(at: AppTest) -> bool:
    """Whether the page content (the analysis) was rendered."""
    return any(CONTENT in text for text in _texts(at))


def _asks(at: AppTest) -> bool:
    """Whether the page shows the password field."""
    return any(t.label == "Password" for t in at.text_input)


def _wrong(at: AppTest) -> bool:
    return [e.value.rstrip(".") for e in at.error] == ["Wrong password"]


def _app(page: Path, password: str | None = None) -> AppTest:
    at = AppTest.from_file(str(page), default_timeout=TIMEOUT)
    if password is not None:
        at.secrets["password"] = password
    return at.run()


def test_unset_password_opens_the_page_directly(page: Path) -> None:
    at = _app(page)
    assert not at.exception
    assert not _asks(at)
    assert _shown(at)


def test_password_asked_before_anything_is_shown(page: Path) -> None:
    at = _app(page, "s3cret-été")
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Password"]
    field = at.text_input[0].proto
    assert field.type == field.PASSWORD  # typed characters are masked
    assert not _shown(at)
    assert not at.error


def test_wrong_password_shows_error_and_nothing_else(page: Path) -> None:
    at = _app(page, "s3cret-été")
    at.text_input(key="password").input("s3cret-ete").run()
    assert not at.exception
    assert _wrong(at)
    assert not _shown(at)


def test_right_password_shows_the_page(page: Path) -> None:
    at = _app(page, "s3cret-été")
    at.text_input(key="password").input("s3cret-été").run()
    assert not at.exception
    assert _shown(at)
    assert not at.error
    assert not _asks(at)
    at.run()  # later reruns (any widget) stay open
    assert _shown(at)


def test_wrong_then_right_password(page: Path) -> None:
    at = _app(page, "correct horse")
    at.text_input(key="password").input("battery staple").run()
    assert _wrong(at)
    at.text_input(key="password").input("correct horse").run()
    assert not at.error
    assert _shown(at)


def test_environment_password_used_when_no_secret(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.ENV_VAR, "from-env")
    at = _app(page)
    assert [t.label for t in at.text_input] == ["Password"]
    assert not _shown(at)
    at.text_input(key="password").input("from-env").run()
    assert _shown(at)


def test_secret_wins_over_environment(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.ENV_VAR, "from-env")
    at = _app(page, "from-secrets")
    at.text_input(key="password").input("from-env").run()
    assert _wrong(at)
    assert not _shown(at)
