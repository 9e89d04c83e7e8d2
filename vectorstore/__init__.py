"""The index: Chroma collection, lexical index and manifest, and the embeddings that fill it.

Generated data lives in ``vectorstore/data/`` (git-ignored); this package is the code that owns it.
"""
