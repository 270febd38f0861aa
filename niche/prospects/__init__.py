"""Prospects: read a prospect list and score it against the best clients."""
