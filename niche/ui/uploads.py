"""Uploads never touch the disk: the web server's upload parser keeps them in memory.

Streamlit's server parses an upload with Starlette's ``MultiPartParser``, which
puts each file into a ``SpooledTemporaryFile(max_size=spool_max_size)``: in
memory up to that size (1 MB by default), then rolled over to an unnamed file in
the temp folder, client names and amounts included. Niche Finder promises that
nothing of an upload is written to disk, so :func:`keep_uploads_in_memory`
raises ``spool_max_size`` (a documented class attribute of Starlette's parser,
the one its users are told to set) above the largest body Streamlit accepts:
``server.maxUploadSize`` plus the framing margin that Streamlit's own streaming
cap allows. No upload Streamlit accepts can then roll over.

The cost is memory: an upload is held once in the spool while it arrives and
once as the bytes Streamlit keeps, for the moment the two overlap. The upload
limit in ``.streamlit/config.toml`` is sized with that in mind.

``tests/security/test_upload_spool.py`` fails if a Starlette or Streamlit
upgrade stops honouring the attribute; ``tests/e2e/test_upload_no_disk.py``
traces the real server's file calls during a 2 MB upload.
"""

from __future__ import annotations

from streamlit import config

MB = 1024 * 1024
FRAMING_MARGIN = 2 * MB
"""Above Streamlit's own 1 MB margin for multipart framing (boundary lines, part
headers): its streaming cap refuses a body over ``maxUploadSize`` + 1 MB."""


def spool_size() -> int:
    """Bytes an upload may reach before Starlette would write it to disk."""
    return int(config.get_option("server.maxUploadSize")) * MB + FRAMING_MARGIN


def keep_uploads_in_memory() -> int:
    """Raise Starlette's spool threshold above the upload limit (idempotent).

    Returns
    -------
    int
        The threshold now in force, in bytes.
    """
    from starlette.formparsers import MultiPartParser

    wanted = spool_size()
    if MultiPartParser.spool_max_size < wanted:
        MultiPartParser.spool_max_size = wanted
    return MultiPartParser.spool_max_size
