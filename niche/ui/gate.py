"""The optional password gate: which password is expected, checking a guess, and
the gate on the page.

The page passes ``st.secrets`` and ``os.environ`` in. When neither holds a
password the app is open, as it is for local use.

The gate keeps the page closed until the right password is typed in this browser
tab; after a wrong try the page waits :data:`WRONG_PASSWORD_DELAY` seconds before
answering. That slows guessing by hand but is not a lockout: a reload starts a
new session. For a small team, a private Community Cloud app with invited viewers
is the stronger choice (see SECURITY.md).
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Mapping

import streamlit as st

from niche.ui.state import Key

SECRET_KEY = "password"
ENV_VAR = "NICHE_PASSWORD"
WRONG_PASSWORD_DELAY = 1.0
"""Seconds the page waits after a wrong password before answering."""


def expected_password(
    secrets: Mapping[str, object], environ: Mapping[str, str]
) -> str | None:
    """The password the page asks for, or ``None`` when the app is open.

    Parameters
    ----------
    secrets
        ``st.secrets`` (or any mapping): its ``"password"`` entry wins.
    environ
        ``os.environ``: ``NICHE_PASSWORD`` is used when no secret is set.

    Returns
    -------
    str or None
        The password; ``None`` when neither is set or both are blank.
    """
    try:
        secret = secrets.get(SECRET_KEY)
    except Exception:  # noqa: BLE001 - st.secrets raises when no secrets file exists
        secret = None
    if secret is not None and str(secret) != "":
        return str(secret)
    env = environ.get(ENV_VAR)
    if env:
        return env
    return None


def password_ok(given: str, expected: str) -> bool:
    """Compare a typed password with the expected one in constant time.

    Both are compared as UTF-8 bytes with :func:`hmac.compare_digest`, so any
    Unicode password works and the time taken does not depend on where the two
    first differ.
    """
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def password_gate() -> None:
    """Ask for the password when one is configured; stop the page until it is
    given in this browser tab."""
    expected = expected_password(st.secrets, os.environ)
    if expected is None or st.session_state.get(Key.AUTHENTICATED):
        return
    st.title("Niche Finder")
    given = st.text_input("Password", type="password", key=Key.PASSWORD)
    if given:
        if password_ok(given, expected):
            st.session_state[Key.AUTHENTICATED] = True
            del st.session_state[Key.PASSWORD]
            st.rerun()
        time.sleep(WRONG_PASSWORD_DELAY)
        st.error("Wrong password")
    st.stop()
