"""Threat: a test index (fake embeddings) left in place answers real users with nonsense under 'auto'."""

from __future__ import annotations

import pytest

from vectorstore.problems import IndexMismatchError
from vectorstore.store import open_index


def test_auto_refuses_an_index_built_with_the_fake_embeddings(built_index):
    """'auto' follows the index's model, but never to the fake one; the message gives the rebuild command."""
    with pytest.raises(IndexMismatchError, match="fake test embeddings") as raised:
        open_index(built_index.model_copy(update={"embeddings": "auto"}))
    assert "python -m ingest --rebuild" in str(raised.value)


def test_tests_can_still_ask_for_the_fake_embeddings_by_name(built_index):
    assert open_index(built_index).embeddings.model_id.startswith("fake:")
