"""Read: bytes to a grid of cells, keeping the user's row numbers.

``files.read_table`` picks the reader from the bytes (``delimited`` for CSV,
``workbook`` for xlsx/xls/ods); ``limits`` bounds the work before parsing.
"""
