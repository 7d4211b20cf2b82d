"""Sentence embeddings from bundled, offline models (no torch): a static model distilled from all-MiniLM-L6-v2."""
