"""Export: what the user takes home.

``report`` (Excel and CSV), ``xlsx`` (the workbook writer), ``contract`` (the
JSON of ``analyze --json``), ``summary`` (the command line's text),
``completed_list`` (the completed client list), ``settings_file``.
"""
