"""The public API: ``niche.__all__`` names exist, and niche never imports streamlit."""

from __future__ import annotations

import subprocess
import sys

from core_helpers import ROOT

import niche


def test_all_names_exist():
    assert niche.__all__
    assert len(niche.__all__) == len(set(niche.__all__))
    for name in niche.__all__:
        assert hasattr(niche, name), name


def test_core_names_are_exported():
    wanted = {
        "NicheError",
        "NoRevenueError",
        "NoTableError",
        "MissingColumnError",
        "UnreadableFileError",
        "EmptyFileError",
        "Settings",
        "Options",
        "Analysis",
        "analyze_bytes",
        "analyse",
        "prepare",
        "read",
        "FLAGS",
        "TIERS",
        "Taxonomy",
    }
    assert wanted <= set(niche.__all__)


def test_errors_derive_from_niche_error():
    for name in niche.__all__:
        obj = getattr(niche, name)
        if isinstance(obj, type) and name.endswith("Error"):
            assert issubclass(obj, niche.NicheError), name


def test_flags_and_tiers_are_the_spec_ones():
    assert niche.FLAGS == (
        "best_service",
        "retention_priority",
        "pays_the_bills",
        "needs_senior_staff",
        "at_risk",
        "low_margin",
        "low_revenue_per_system",
        "lapsed",
        "new_client",
    )
    assert set(niche.TIERS) == {"micro", "sweet_spot", "large", "unknown"}


def test_importing_niche_does_not_import_streamlit():
    code = (
        "import sys, niche, niche.cli, niche.contract, niche.summary\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit')\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
