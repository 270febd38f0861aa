"""A scratch page that uses the password gate exactly as app.py does.

``test_password_gate.py`` runs it with AppTest. Once app.py holds the gate, the
test can point at app.py instead (``GATE_APP`` in that test).
"""

from __future__ import annotations

import os
import time

import streamlit as st

from niche.ui.gate import WRONG_PASSWORD_DELAY, expected_password, password_ok


def _password_gate() -> None:
    """Stop the page until the password is given, when one is configured."""
    expected = expected_password(st.secrets, os.environ)
    if expected is None or st.session_state.get("authenticated"):
        return
    st.title("Niche Finder")
    given = st.text_input("Password", type="password", key="password")
    if given:
        if password_ok(given, expected):
            st.session_state["authenticated"] = True
            del st.session_state["password"]
            st.rerun()
        time.sleep(WRONG_PASSWORD_DELAY)
        st.error("Wrong password")
    st.stop()


_password_gate()

st.title("Niche Finder")
st.subheader("Recommended niche: Dental offices")
st.caption("Uploaded data is processed in memory and not stored.")
