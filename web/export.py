"""The conversation as a Markdown file, with each answer's sources, to keep or to quote from."""

from __future__ import annotations

from datetime import datetime, timezone

from web.chat import Turn
from web.highlight import passage_link
from web.safe_markdown import LIGHT, answer_markdown, escape_markdown, markdown_link, unescape_markers
from qa.types import Citation
from web.ui_text import t


def _source_line(citation: Citation, lang: str) -> list[str]:
    where = [t("page", lang, page=citation.page)] if citation.page else []
    if citation.section:
        where.append(citation.section)
    line = f"{citation.n}. {markdown_link(citation.title, passage_link(citation) or citation.link)}"
    if where:
        line += " – " + escape_markdown(", ".join(where), LIGHT)
    lines = [line]
    # The sentences the answer quotes, else the start of the excerpt: enough to find the passage.
    for quote in citation.quotes or [" ".join(citation.excerpt.split()[:60])]:
        lines.append(f"    > {escape_markdown(' '.join(quote.split()), LIGHT)}")
    return lines


def conversation_markdown(turns: list[Turn], lang: str, now: datetime | None = None) -> str:
    """Questions, answers (with [n] markers) and numbered sources; turns without an answer are left out.

    Document and model text is escaped, so a Markdown viewer shows it as text and loads nothing.
    """
    when = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# {t('export_heading', lang)}", "", f"_{t('export_when', lang, when=when)}_", ""]
    number = 0
    for turn in turns:
        if turn.answer is None:
            continue
        number += 1
        answer = turn.answer
        lines += [f"## {t('question', lang)} {number}", "", escape_markdown(turn.question, LIGHT), ""]
        lines += [f"**{t('answer', lang)}:**", "", unescape_markers(answer_markdown(answer.answer, LIGHT)), ""]
        if answer.notice:
            lines += [f"_{t('notice', lang)}: {escape_markdown(answer.notice, LIGHT)}_", ""]
        if answer.citations:
            lines += [f"**{t('sources_label', lang)}:**", ""]
            for citation in answer.citations:
                lines += _source_line(citation, lang)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
