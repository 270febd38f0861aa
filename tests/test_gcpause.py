"""niche.gcpause: the collector is paused inside the block and left as it was."""

from __future__ import annotations

import gc

import pytest

from niche.gcpause import no_gc


@pytest.fixture
def collector():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


@pytest.mark.parametrize("before", [True, False])
def test_paused_inside_and_restored_after(collector, before):
    (gc.enable if before else gc.disable)()
    with no_gc():
        assert not gc.isenabled()
    assert gc.isenabled() is before


def test_restored_when_the_block_raises(collector):
    gc.enable()
    with pytest.raises(ValueError, match="boom"), no_gc():
        raise ValueError("boom")
    assert gc.isenabled()


def test_nested_blocks_leave_it_paused_until_the_outer_one_ends(collector):
    gc.enable()
    with no_gc():
        with no_gc():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
