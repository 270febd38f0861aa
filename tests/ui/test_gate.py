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
