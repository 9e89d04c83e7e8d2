"""Ingest: load (or fetch) the sources, parse, chunk, embed and write the index."""
