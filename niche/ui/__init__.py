"""The page: the only part of niche that imports Streamlit."""
