"""Who may see the page: the optional sign-in and the optional password gate.

:func:`gate` runs first in the page, before anything of the data is drawn:

- **Sign-in** (OpenID Connect, Streamlit's ``st.login``): when the secrets hold
  an ``[auth]`` section (Microsoft Entra, Google, Okta or any other provider),
  a signed-out visitor sees only a sign-in button; a signed-in one sees the
  page only when the ``[access]`` allow-list names their e-mail address or its
  domain (:func:`allowed`); anyone else sees a refusal and nothing else. With
  ``[auth]`` and no allow-list nobody is let in, and an allow-list without
  ``[auth]`` closes the page too: a mistake in the secrets never opens it.
- **Password**: when ``password`` is set in the secrets (or ``NICHE_PASSWORD`` in
  the environment), the page stays closed until it is typed in this tab.
  After a wrong try the page waits :data:`WRONG_PASSWORD_DELAY` seconds, and
  wrong tries from every tab and session are answered one at a time
  (:data:`_WRONG_TRIES`): at most one guess a second for the whole server.
  That is a throttle, not a lockout: nothing stops an attacker who is patient.

With neither configured the app is open, as it is for local use. The page
passes ``st.secrets`` and ``os.environ`` in; see SECURITY.md and README.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from niche.format import escape_markdown
from niche.ui.state import Key

SECRET_KEY = "password"
ENV_VAR = "NICHE_PASSWORD"
WRONG_PASSWORD_DELAY = 1.0
"""Seconds the page waits after a wrong password before answering."""
_WRONG_TRIES = threading.Lock()
"""Held through each wrong try's delay: guesses from all sessions queue here."""
AUTH_SECTION = "auth"
ACCESS_SECTION = "access"


def _section(secrets: Mapping[str, object], name: str) -> Mapping[str, object] | None:
    """A section of the secrets, or ``None`` (no secrets file at all, too)."""
    try:
        found = secrets.get(name)
    except Exception:  # noqa: BLE001 - st.secrets raises when no secrets file exists
        return None
    return found if isinstance(found, Mapping) and found else None


@dataclass(frozen=True)
class Access:
    """Who may use the app once signed in: whole addresses, or domains."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @classmethod
    def of(cls, secrets: Mapping[str, object]) -> Access | None:
        """The ``[access]`` section (``emails = [...]``, ``domains = [...]``);
        ``None`` when there is none."""
        section = _section(secrets, ACCESS_SECTION)
        if section is None:
            return None

        def names(key: str) -> frozenset[str]:
            value = section.get(key, ())
            items = [value] if isinstance(value, str) else list(value or ())
            return frozenset(str(i).strip().casefold().lstrip("@") for i in items)

        return cls(names("emails") - {""}, names("domains") - {""})


def allowed(user: Mapping[str, object], access: Access | None) -> bool:
    """Whether a signed-in user is on the allow-list.

    The address is compared whole and without regard to case; a domain matches
    the part after the last ``@`` exactly (``example.com`` does not let in
    ``mail.example.com`` or ``badexample.com``). An address the provider marks
    unverified (``email_verified`` false) is never allowed.
    """
    if access is None:
        return False
    email = str(user.get("email") or "").strip().casefold()
    if "@" not in email or user.get("email_verified") is False:
        return False
    return email in access.emails or email.rsplit("@", 1)[1] in access.domains


def sign_in_provider(secrets: Mapping[str, object]) -> str | None:
    """The provider ``st.login`` is given: ``None`` for a single ``[auth]``
    provider, else the name of the first ``[auth.NAME]`` section."""
    section = _section(secrets, AUTH_SECTION) or {}
    if "client_id" in section or "server_metadata_url" in section:
        return None
    named = [k for k, v in section.items() if isinstance(v, Mapping)]
    return named[0] if named else None


def _closed(message: str, *, sign_out: bool = False) -> None:
    st.title("Niche Finder")
    st.error(message, icon=":material/lock:")
    if sign_out:
        st.button("Sign out", on_click=st.logout)
    st.stop()


def sign_in_gate() -> None:
    """Stop the page unless sign-in is off, or the user is signed in and on
    the allow-list (see the module's docstring)."""
    signs_in = _section(st.secrets, AUTH_SECTION) is not None
    access = Access.of(st.secrets)
    if not signs_in:
        if access is not None:
            _closed(
                "Sign-in is not set up: the secrets hold an [access] list but no "
                "[auth] section."
            )
        return
    if not st.user.is_logged_in:
        st.title("Niche Finder")
        st.write("Sign in with your work account to continue.")
        provider = sign_in_provider(st.secrets)
        st.button("Sign in", type="primary", on_click=st.login, args=(provider,))
        st.stop()
    if access is None:
        _closed(
            "No one is allowed in yet: the secrets need an [access] list of "
            "e-mail addresses or domains.",
            sign_out=True,
        )
    if not allowed(st.user, access):
        who = escape_markdown(str(st.user.get("email") or "This account"))
        _closed(
            f"{who} is not allowed to use this app. Ask the person who runs it to "
            "add you, or sign in with another account.",
            sign_out=True,
        )


def gate() -> None:
    """Everything that must pass before the page shows anything: the sign-in,
    then the password."""
    sign_in_gate()
    password_gate()


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


def refuse_slowly(delay: float = WRONG_PASSWORD_DELAY) -> None:
    """Wait before answering a wrong password, one wrong try at a time across
    every session of the server."""
    with _WRONG_TRIES:
        time.sleep(delay)


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
        refuse_slowly()
        st.error("Wrong password")
    st.stop()
