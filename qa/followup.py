"""Follow-up questions: retrieve for "Hvem skrev de til?" in the context of the question before it.

Without an LLM, a documented heuristic: a short question (at most six words) that refers back
(a pronoun such as "de", "det", "they", "it"), or that is at most three words long and asks something
("Og Viborg?"), is searched together with the previous user question. With an LLM backend the
question is condensed by the model instead.
"""

from __future__ import annotations

import re

from danish.lexicon import QUESTION_STARTS, REFERRING_WORDS

def previous_user_question(history: list[tuple[str, str]] | None) -> str | None:
    for role, text in reversed(history or []):
        if role == "user" and text.strip():
            return text.strip()
    return None


def heuristic_retrieval_query(question: str, history: list[tuple[str, str]] | None, max_follow_up_words: int = 6) -> str:
    previous = previous_user_question(history)
    if previous is None:
        return question
    words = re.findall(r"\w+", question.lower())
    refers_back = bool(set(words) & REFERRING_WORDS)
    # A very short text is a follow-up only when it asks something ("Og Viborg?", "Hvornår?"), not "Hej".
    asks = question.rstrip().endswith("?") or bool(words and words[0] in QUESTION_STARTS)
    if (len(words) <= 3 and asks) or (len(words) <= max_follow_up_words and refers_back):
        return f"{previous} {question}"
    return question
