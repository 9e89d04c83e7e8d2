"""The Danish language, as the assistant needs it: words and stems, sentences, word lists, language detection.

One lexicon for the whole product: ingest, vectorstore and qa import from here, and no other
package defines a Danish word list. Nothing here imports from the rest of the project.
"""
