"""Show a cited excerpt so a person can check it: question words highlighted, a link to the passage.

Escape first, then highlight: every piece of the excerpt is escaped (web.safe_markdown), and the
only Markdown added is the highlight around whole words we chose.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from web.safe_markdown import MarkdownEscaper, answer_markdown, break_autolinks, safe_url
from danish.words import content_stems, tokenize
from qa.types import Citation

# Bold in a colour: reads as marked without the padding a background adds between letters and
# punctuation ("KL’s"). Only escaped words and spaces ever go inside.
HIGHLIGHT = ":orange[**{}**]"
# How many words of the passage the text fragment quotes: enough to be unique on a page,
# few enough to survive small differences between our snapshot and the live page.
FRAGMENT_WORDS = 6

_WORD = re.compile(r"\w+")


def matching_words(excerpt: str, query: str) -> set[str]:
    """The words of the excerpt (lower-cased) whose stem is a content stem of the query."""
    wanted = content_stems(query)
    if not wanted:
        return set()
    words = sorted({w.lower() for w in _WORD.findall(excerpt)})
    return {word for word, stems in zip(words, tokenize(words)) if stems and stems[0] in wanted}


def highlight_excerpt(excerpt: str, query: str) -> str:
    """Safe Markdown of the excerpt with the words that match the query highlighted."""
    excerpt = break_autolinks(excerpt)  # before it is cut into words: an address spans several
    matches = matching_words(excerpt, query)
    escaper = MarkdownEscaper(bullets=False)  # one escaper: it tracks line starts across pieces
    out: list[str] = []
    run: list[str] = []  # consecutive matched words (and the single spaces between them): one highlight
    position = 0

    def close_run() -> None:
        if run:
            out.append(HIGHLIGHT.format(escaper.feed(" ".join(run))))
            run.clear()

    for match in _WORD.finditer(excerpt):
        between, word = excerpt[position : match.start()], match.group(0)
        matched = word.lower() in matches
        if not (run and matched and between == " "):
            close_run()
            out.append(escaper.feed(between))
        if matched:
            run.append(word)
        else:
            out.append(escaper.feed(word))  # \w+ may hold "_", which Markdown would read as emphasis
        position = match.end()
    close_run()
    out.append(escaper.feed(excerpt[position:]) + escaper.flush())
    return "".join(out)


def _is_pdf(url: str) -> bool:
    return url.lower().split("?")[0].split("#")[0].endswith(".pdf")


def text_fragment(passage: str, words: int = FRAGMENT_WORDS) -> str:
    """``#:~:text=...``: browsers scroll to and mark the first occurrence of these words."""
    lines = [re.sub(r"^\s*[-*•]\s+", "", line).strip() for line in passage.splitlines()]
    first = " ".join(" ".join(line for line in lines if line).split()[:words])
    # quote() leaves "-" alone, but in a text fragment it separates prefix and suffix.
    return "#:~:text=" + quote(first, safe="").replace("-", "%2D") if first else ""


def passage_link(citation: Citation) -> str | None:
    """The link to check a citation: a PDF opens at its page, an HTML page at the quoted words."""
    link = citation.link
    if not link or safe_url(link) is None:
        return None
    if citation.page or _is_pdf(link) or "#" in link:
        return link
    passage = citation.quotes[0] if citation.quotes else citation.excerpt
    return link + text_fragment(passage)


def marked_answer_markdown(answer: str, marked: list[str]) -> str:
    """Safe Markdown of an answer with the words that answer it (a number, a name, a date) highlighted.

    Escape first, then mark: the answer is cut at the first occurrence of each marked phrase on its line,
    every piece is escaped, and only the highlight around a marked phrase is Markdown of ours.
    """
    phrases = sorted({p for p in marked if p.strip()}, key=len, reverse=True)
    if not phrases:
        return answer_markdown(answer)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in phrases))
    escaper = MarkdownEscaper(bullets=True)
    out: list[str] = []
    for line in answer.split("\n"):
        position, seen = 0, set()
        for match in pattern.finditer(line):
            if match.group(0) in seen:
                continue
            seen.add(match.group(0))
            out.append(escaper.feed(line[position : match.start()]))
            out.append(HIGHLIGHT.format(escaper.feed(match.group(0))))
            position = match.end()
        out.append(escaper.feed(line[position:] + "\n"))
    rendered = "".join(out) + escaper.flush()
    return rendered[: -len("  \n")] if rendered.endswith("  \n") else rendered
