"""Present: what the page shows, as plain data (no Streamlit here).

``views`` (headline, tables, cards), ``who`` (who gets what), ``charts`` and
``chart_data`` (Altair), ``completing`` (the "Complete your data" tables).
"""
