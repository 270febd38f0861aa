"""The public API: ``niche.__all__`` is exactly the public names of the package
(as httpx's tests/test_exported_members.py checks), and niche outside niche/ui
never imports Streamlit."""

from __future__ import annotations

import subprocess
import sys
import types

from core_helpers import ROOT

import niche


def test_all_is_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(niche).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"  # from __future__
    }
    assert set(niche.__all__) == public
    assert len(niche.__all__) == len(set(niche.__all__))


def test_errors_derive_from_niche_error() -> None:
    for name in niche.__all__:
        obj = getattr(niche, name)
        if isinstance(obj, type) and name.endswith("Error"):
            assert issubclass(obj, niche.NicheError), name


def test_flags_and_tiers_are_the_spec_ones() -> None:
    """The SPEC's nine flags in its order, then the ones issues added."""
    assert niche.FLAGS[:9] == (
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
    assert niche.FLAGS[9:] == ("low_hourly_rate",)  # issue 18
    assert set(niche.TIERS) == {"micro", "sweet_spot", "large", "unknown"}


def test_nothing_outside_the_page_imports_streamlit() -> None:
    modules = sorted(
        ".".join(("niche", *p.relative_to(ROOT / "niche").with_suffix("").parts))
        for p in (ROOT / "niche").rglob("*.py")
        if "ui" not in p.relative_to(ROOT / "niche").parts and p.stem != "__main__"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
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
