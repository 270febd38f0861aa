"""Sign-in end to end: the real server, Streamlit's OpenID Connect sign-in
(``st.login``) against a local provider (``oidc-provider-mock``, in this
process), and the ``[access]`` allow-list.

A signed-out visitor sees only the sign-in button; an allowed user who signs
in sees the page; a user outside the list sees a refusal and nothing else.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from browser_helpers import no_exception, wait_for_text
from conftest import free_port, need_chromium, start_server, stop_server

pytestmark = pytest.mark.e2e

ALLOWED = "alice@example.com"
OUTSIDER = "mallory@elsewhere.example"
CONTENT = "Recommended niche"
METADATA = "/.well-known/openid-configuration"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """The provider in a process of its own (its libraries' warnings are not
    this test suite's errors)."""
    if importlib.util.find_spec("oidc_provider_mock") is None:
        if os.environ.get("CI"):
            pytest.fail("oidc-provider-mock is missing; CI must run the sign-in test")
        pytest.skip("oidc-provider-mock is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}{METADATA}", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the OpenID Connect provider did not start")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_chromium()
    folder = tmp_path_factory.mktemp("secrets")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "niche-finder-test"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "{provider}{METADATA}"\n'
        "\n[access]\n"
        f'emails = ["{ALLOWED}"]\n'
    )
    port = free_port()
    proc = start_server(port, options=["--secrets.files", str(secrets_file)])
    try:
        yield f"http://localhost:{port}"
    finally:
        stop_server(proc)


def _signed_out_page(browser: object, app: str) -> object:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app)
    text = wait_for_text(page, "Sign in with your work account", timeout=60)
    return page, text


def _sign_in(page: object, email: str) -> None:
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    # back through /oauth2callback to the app: wait for it to load before
    # reading the page (mid-redirect there is no document body to read)
    page.wait_for_url(lambda url: "/oauth2" not in url and "localhost" in url)
    page.wait_for_selector('[data-testid="stApp"]')


def test_signed_out_visitor_sees_only_the_sign_in_button(
    browser: object, app: str
) -> None:
    page, text = _signed_out_page(browser, app)
    try:
        assert CONTENT not in text
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.get_by_role("button", name="Sign in").count() == 1
        no_exception(page)
    finally:
        page.context.close()


def test_allowed_user_signs_in_and_sees_the_page(browser: object, app: str) -> None:
    page, _ = _signed_out_page(browser, app)
    try:
        _sign_in(page, ALLOWED)
        text = wait_for_text(page, f"{CONTENT}: Dental offices", timeout=90)
        assert "not allowed" not in text
        no_exception(page)
    finally:
        page.context.close()


def test_user_outside_the_list_is_refused(browser: object, app: str) -> None:
    page, _ = _signed_out_page(browser, app)
    try:
        _sign_in(page, OUTSIDER)
        text = wait_for_text(page, "is not allowed to use this app", timeout=90)
        assert OUTSIDER in text
        assert CONTENT not in text
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.get_by_role("button", name="Sign out").count() == 1
        no_exception(page)
    finally:
        page.context.close()
