"""Uploads stay in memory: Starlette's upload parser, as Streamlit's server calls
it, does not roll a 2 MB file over to disk once the page has set it up.

A Starlette or Streamlit upgrade that renames or stops honouring
``MultiPartParser.spool_max_size`` fails here (and in the traced e2e test).
"""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from streamlit.web.server.starlette import starlette_routes

from niche.ui import uploads

BOUNDARY = "niche-test-boundary"
TWO_MB = b"Client,Revenue\n" + b"Acme Dental,100\n" * (2 * 1024 * 1024 // 16)


def _body(data: bytes) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="clients.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def _parse(data: bytes) -> UploadFile:
    """The upload as ``request.form()`` (what Streamlit's route calls) gives it."""
    body = _body(data)
    scope = {
        "type": "http",
        "method": "PUT",
        "path": "/_stcore/upload_file/s/f",
        "headers": [
            (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]

    async def receive() -> dict:
        chunk = chunks.pop(0) if chunks else b""
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def parse() -> UploadFile:
        form = await Request(scope, receive).form()
        return form["file"]  # type: ignore[return-value]

    # In a thread of its own: Playwright's sync API may hold a running event
    # loop in this one when the browser tests run in the same session.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, parse()).result()


@pytest.fixture
def default_spool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MultiPartParser, "spool_max_size", 1024 * 1024)


def test_without_the_setting_a_two_megabyte_upload_goes_to_disk(
    default_spool: None,
) -> None:
    """The problem being fixed: Starlette's default spools past 1 MB."""
    upload = _parse(TWO_MB)
    assert upload.file._rolled  # type: ignore[attr-defined]
    upload.file.close()


def test_with_the_setting_it_stays_in_memory(default_spool: None) -> None:
    assert uploads.keep_uploads_in_memory() >= uploads.spool_size()
    upload = _parse(TWO_MB)
    assert not upload.file._rolled  # type: ignore[attr-defined]
    assert upload.file.read() == TWO_MB
    upload.file.close()


def test_threshold_covers_the_largest_body_streamlit_accepts() -> None:
    """Streamlit refuses a body over maxUploadSize + its framing margin while
    streaming; the spool threshold must be at least that."""
    from streamlit import config

    margin = starlette_routes._MAX_UPLOAD_MULTIPART_OVERHEAD_BYTES
    largest = config.get_option("server.maxUploadSize") * 1024 * 1024 + margin
    assert uploads.spool_size() >= largest


def test_streamlit_still_parses_uploads_with_request_form() -> None:
    """The setting only helps while Streamlit's upload route uses Starlette's
    form parser."""
    source = inspect.getsource(starlette_routes)
    assert "await limited_request.form()" in source
