"""Rules: the SPEC's rules on one row per client.

``ranking`` (rank, shares, classes, tiers, flags, warnings), ``taxonomy`` and
``labels`` (industries), ``industries`` and ``recommend`` (the niche score and
its reasons), ``profile`` (what the best clients have in common); ``analyse``
runs the stage.
"""
