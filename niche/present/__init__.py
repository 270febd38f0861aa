"""Present: what the page shows, as plain data (no Streamlit here).

``answers`` (the one-sentence answer of the first screen and of each tab),
``views`` (the clients, tiers and excluded rows as tables), ``tables`` (the
small tables as text), ``facts`` (sentences about the file, shared by the plan
and the report), ``who`` (who gets what), ``profit`` (the Profit and Change
tabs), ``charts`` and ``chart_data`` (Altair), ``completing`` (the "Complete
your data" tables).
"""
