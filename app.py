"""Niche Finder: the page. Run with ``streamlit run app.py``.

With no upload the page shows the bundled sample data. Uploads stay in memory
(bytes); nothing is written to disk: ``niche.ui.uploads`` keeps the web server's
upload parser in memory for any upload the server accepts. The page itself lives
in ``niche/ui``.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(
    page_title="Niche Finder", page_icon=":material/target:", layout="wide"
)

from niche.ui import memory, uploads  # noqa: E402 - after the page config
from niche.ui.page import main  # noqa: E402

uploads.keep_uploads_in_memory()  # before the first uploader is drawn
memory.tune_allocators()  # freed memory goes back to the system
memory.watch_session()  # closed, and its memory released, once its tab is gone
with memory.script_run():  # memory reserved by this run is released at its end
    main()
