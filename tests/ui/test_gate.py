"""The password gate's pure functions: which password is expected, and the check."""

from __future__ import annotations

import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niche.ui import gate as auth
from niche.ui.gate import WRONG_PASSWORD_DELAY, expected_password, password_ok


class _RaisingSecrets(dict):
    """Like ``st.secrets`` without a secrets.toml: any access raises."""

    def get(self, key: str, default: object = None) -> object:
        raise FileNotFoundError("No secrets found.")


@pytest.mark.parametrize(
    ("secrets", "environ", "expected"),
    [
        ({}, {}, None),
        ({"password": "from-secrets"}, {}, "from-secrets"),
        ({}, {"NICHE_PASSWORD": "from-env"}, "from-env"),
        ({"password": "from-secrets"}, {"NICHE_PASSWORD": "from-env"}, "from-secrets"),
        ({"password": ""}, {"NICHE_PASSWORD": "from-env"}, "from-env"),
        ({"password": ""}, {"NICHE_PASSWORD": ""}, None),
        ({"other": "x"}, {"PASSWORD": "x"}, None),
        ({"password": 1234}, {}, "1234"),  # TOML may hold a number
    ],
)
def test_expected_password(secrets: dict, environ: dict, expected: str | None) -> None:
    assert expected_password(secrets, environ) == expected


def test_expected_password_when_secrets_cannot_be_read() -> None:
    assert expected_password(_RaisingSecrets(), {}) is None
    assert expected_password(_RaisingSecrets(), {"NICHE_PASSWORD": "e"}) == "e"


@pytest.mark.parametrize(
    ("given_pw", "expected", "ok"),
    [
        ("s3cret", "s3cret", True),
        ("s3cret ", "s3cret", False),
        ("S3cret", "s3cret", False),
        ("", "s3cret", False),
        ("s3cre", "s3cret", False),
        ("s3crett", "s3cret", False),
        ("pässwörd-🔑", "pässwörd-🔑", True),
        ("passwörd", "passwörd", True),  # composed o-umlaut
        ("passwo\u0308rd", "passwörd", False),  # decomposed: different bytes
    ],
)
def test_password_ok(given_pw: str, expected: str, ok: bool) -> None:
    assert password_ok(given_pw, expected) is ok


def test_password_ok_uses_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert password_ok("é", "é")
    assert calls == [("é".encode(), "é".encode())]


@given(st.text(), st.text())
def test_password_ok_is_equality(a: str, b: str) -> None:
    assert password_ok(a, b) is (a == b)
    assert password_ok(a, a)


def test_wrong_password_delay_is_about_a_second() -> None:
    assert WRONG_PASSWORD_DELAY == 1.0


# --- sign-in: the allow-list ------------------------------------------------


ACCESS = {"access": {"emails": ["Ana@Example.com "], "domains": ["@team.example"]}}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"email": "ana@example.com"}, True),
        ({"email": "ANA@EXAMPLE.COM", "email_verified": True}, True),
        ({"email": "ben@example.com"}, False),  # same domain, not listed
        ({"email": "zoe@team.example"}, True),
        ({"email": "zoe@mail.team.example"}, False),  # a subdomain is not the domain
        ({"email": "zoe@badteam.example"}, False),
        ({"email": "team.example"}, False),
        ({"email": "zoe@team.example", "email_verified": False}, False),
        ({"email": ""}, False),
        ({}, False),
    ],
)
def test_allowed(user: dict, expected: bool) -> None:
    assert auth.allowed(user, auth.Access.of(ACCESS)) is expected


def test_no_allow_list_lets_no_one_in() -> None:
    assert auth.Access.of({}) is None
    assert auth.Access.of(_RaisingSecrets()) is None
    assert not auth.allowed({"email": "ana@example.com"}, None)


def test_allow_list_takes_a_single_string_too() -> None:
    access = auth.Access.of({"access": {"emails": "ana@example.com"}})
    assert access == auth.Access(frozenset({"ana@example.com"}), frozenset())


@pytest.mark.parametrize(
    ("secrets", "provider"),
    [
        ({"auth": {"client_id": "x", "server_metadata_url": "https://x"}}, None),
        ({"auth": {"redirect_uri": "r", "microsoft": {"client_id": "x"}}}, "microsoft"),
        ({}, None),
    ],
)
def test_sign_in_provider(secrets: dict, provider: str | None) -> None:
    assert auth.sign_in_provider(secrets) == provider


def test_wrong_passwords_are_answered_one_at_a_time_across_sessions() -> None:
    """Ten tabs guessing at once get ten answers a delay apart, not at once."""
    import threading
    import time

    delay, tabs = 0.1, 5
    start = time.monotonic()
    threads = [
        threading.Thread(target=auth.refuse_slowly, args=(delay,)) for _ in range(tabs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - start >= delay * tabs * 0.95


def test_secrets_example_holds_every_key_the_app_reads() -> None:
    import tomllib
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml.example"
    example = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(example) == {auth.SECRET_KEY, auth.AUTH_SECTION, auth.ACCESS_SECTION}
    assert set(example[auth.AUTH_SECTION]) == {
        "redirect_uri",
        "cookie_secret",
        "client_id",
        "client_secret",
        "server_metadata_url",
    }
    assert example[auth.AUTH_SECTION]["redirect_uri"].endswith("/oauth2callback")
    assert set(example[auth.ACCESS_SECTION]) == {"emails", "domains"}
    access = auth.Access.of(example)
    assert auth.allowed({"email": "someone@example.com"}, access)
    assert auth.sign_in_provider(example) is None
