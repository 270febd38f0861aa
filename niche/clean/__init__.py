"""Clean: a grid to one row per client, with every other row accounted for.

``header`` finds the header row and ``headings`` maps headings to fields;
``rows`` classifies the rows (totals, subtotals, footers, repeated headers) and
``clients`` sums them per client; ``values`` and ``dates`` read the cells;
``period`` reads the title lines; ``prepare`` runs the stage.
"""
