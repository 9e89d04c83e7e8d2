"""Which sentences of a source can be quoted, and what they need beside them.

A quote must say something by itself: not a question, not a pointer at what is not quoted ("Læs brevet
her"), and not a sentence that leans on the one before it ("Heri ...") without that one.
"""

from __future__ import annotations

import re

from langchain_core.documents import Document

from danish.lexicon import DEPENDENT_STARTS
from danish.patterns import LINK_TEXT, POINTS_ELSEWHERE
from danish.sentences import split_sentences
from danish.words import content_stems
from qa.types import ScoredSentence


def with_context(best: ScoredSentence, documents: list[Document]) -> list[ScoredSentence]:
    """The best sentence with the one before it when it leans on it ("Heri ...", "Det gælder dog ikke ...")."""
    sentences = split_sentences(documents[best.document].page_content)
    chosen = [best]
    try:
        index = sentences.index(best.text)
    except ValueError:
        return chosen
    # An exception ("For almene ungdomsboliger kan dog aftales ...") is quoted with the rule it is made to.
    if (leans_back(best.text) or EXCEPTION.search(best.text)) and index > 0 and not is_junk(sentences[index - 1]):
        chosen.insert(0, ScoredSentence(sentences[index - 1], best.document, best.similarity, 0.0, best.score, best.order - 1))
    # The sentence after it, when it goes on about the same thing ("... en publikation." "Publikationen fokuserer ...").
    # A new stk. or § is a new rule, never a continuation.
    following_opens_rule = index + 1 < len(sentences) and sentences[index + 1].startswith(("Stk.", "§"))
    if index + 1 < len(sentences) and not following_opens_rule and not is_junk(sentences[index + 1]) and is_full_sentence(sentences[index + 1]):
        following = sentences[index + 1]
        opening = content_stems(following.split()[0]) if following.split() else set()
        if following.split()[0].lower().strip(",.:;") in DEPENDENT_STARTS or (opening and opening & content_stems(best.text)):
            chosen.append(ScoredSentence(following, best.document, best.similarity, 0.0, best.score, best.order + 1))
    return chosen


def leans_back(sentence: str) -> bool:
    """Does the sentence need the one before it ("Heri ...", a lower-case continuation, a list item "2) ...")?"""
    first_word = sentence.split()[0].lower().strip(",.:;") if sentence.split() else ""
    return first_word in DEPENDENT_STARTS or sentence[:1].islower() or sentence[:2].rstrip(")").isdigit()


# "kan dog aftales" makes an exception to the rule before it; "jf. dog stk. 3" only points at one.
EXCEPTION = re.compile(r"(?<!jf\. )\bdog\b", re.IGNORECASE)


def is_junk(sentence: str) -> bool:
    """A question, or a pointer at what is not quoted ("Læs brevet her", "herunder ...:"): never an answer.

    A long sentence that also points somewhere ("Læs brevet her samt artikel i Altinget, hvor ... Leon
    Sebbelin ...") still says something of its own.
    """
    stripped = sentence.rstrip()
    if stripped.endswith("?"):
        return True
    points = stripped.endswith(":") or bool(POINTS_ELSEWHERE.search(sentence)) or bool(LINK_TEXT.search(sentence))
    if not points:
        return False
    # "Læs brevet her", "Se eksempler herunder:" say nothing beyond where to look; "Klik her for at se
    # familieindsatser i Brøndby og Viborg Kommune" names what is there, and may answer.
    said = content_stems(POINTS_ELSEWHERE.sub(" ", LINK_TEXT.sub(" ", sentence)))
    return len(said) <= POINTER_MAX_CONTENT_WORDS


POINTER_MAX_CONTENT_WORDS = 2


def near_duplicate(text: str, others: list[str]) -> bool:
    stems = content_stems(text)
    return any(len(stems & (o := content_stems(other))) >= 0.8 * max(1, min(len(stems), len(o))) for other in others)


def goes_on(sentence: str, document: Document) -> bool:
    """Is the sentence unfinished because the chunk size cut a law's text there (it goes on in the next chunk)?"""
    return (
        not is_full_sentence(sentence) and bool(document.metadata.get("paragraph"))
        and document.page_content.rstrip().endswith(sentence)
    )


def is_full_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "…", ".”", ".\"", ")", ":"))
