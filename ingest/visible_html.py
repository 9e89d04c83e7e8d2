"""Remove the parts of an HTML page a reader never sees, before trafilatura extracts its text.

Text hidden with CSS or HTML attributes is invisible on the page but plain text to an extractor,
which makes it a carrier of indirect prompt injection. Dropped: the ``hidden`` attribute,
``aria-hidden="true"``, ``<template>``, and inline or ``<style>``-sheet rules that say
``display:none``, ``visibility:hidden``, ``font-size:0`` or ``opacity:0``. Style-sheet rules are
resolved where that is simple: the last compound of a selector (``div.a#b``) is matched, so a
descendant rule hides a little more than the browser would, never less; a rule that shows the
element again (``.tab.active{display:block}``) or an inline style that does wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HIDING = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)"
    r"|font-size\s*:\s*(?:0+(?:\.0*)?|\.0+)(?:px|pt|em|rem|%|vw|vh)?|opacity\s*:\s*(?:0+(?:\.0*)?|\.0+)%?)"
    r"\s*(?:!important\s*)?(?:;|$)",
    re.IGNORECASE,
)
SHOWING = re.compile(r"(?:^|;)\s*(?:display\s*:\s*(?!none)[a-z-]+|visibility\s*:\s*visible)\s*(?:!important\s*)?(?:;|$)", re.IGNORECASE)
COMMENTS = re.compile(r"/\*.*?\*/", re.DOTALL)
RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
COMPOUND = re.compile(r"^([a-z][a-z0-9-]*|\*)?((?:[.#][\w-]+)*)$", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True)
class _Selector:
    tag: str | None
    classes: frozenset[str]
    element_id: str | None

    def matches(self, tag: str, classes: set[str], element_id: str | None) -> bool:
        return (
            (self.tag is None or self.tag == tag) and self.classes <= classes
            and (self.element_id is None or self.element_id == element_id)
        )


def _selector(text: str) -> _Selector | None:
    """The last compound of a selector, or None when it needs more than tag, classes and id."""
    compound = text.strip().split()[-1] if text.strip() else ""
    compound = compound.rsplit(">", 1)[-1].rsplit("+", 1)[-1].rsplit("~", 1)[-1]
    match = COMPOUND.match(compound)
    if not match or not compound:
        return None  # pseudo-classes, attribute selectors: not resolved
    tag = (match.group(1) or "").lower()
    parts = re.findall(r"[.#][\w-]+", match.group(2))
    ids = [p[1:] for p in parts if p.startswith("#")]
    return _Selector(
        tag=None if tag in ("", "*") else tag, classes=frozenset(p[1:] for p in parts if p.startswith(".")),
        element_id=ids[0] if ids else None,
    )


def _sheet_rules(root) -> tuple[list[_Selector], list[_Selector]]:
    """(hiding, showing) selectors of the page's own <style> sheets; @media wrappers count as always on."""
    hiding, showing = [], []
    for style in root.iter("style"):
        css = COMMENTS.sub("", style.text_content() or "")
        for selectors, declarations in RULE.findall(css):
            target = hiding if HIDING.search(declarations) else showing if SHOWING.search(declarations) else None
            if target is None:
                continue
            for text in selectors.split(","):
                selector = _selector(text)
                if selector is not None:
                    target.append(selector)
    return hiding, showing


def _hidden_by_attributes(element) -> bool:
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return element.tag == "template"


def strip_hidden(html: str) -> tuple[str, int]:
    """The page without its hidden elements, and how many characters of text they held.

    The page comes back unchanged (the very same string) when nothing is hidden, so the
    extraction of ordinary pages does not change at all.
    """
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(XML_DECLARATION.sub("", html, count=1))
    except (lxml.etree.ParserError, ValueError):
        return html, 0  # not parseable as HTML: trafilatura will report it
    hiding, showing = _sheet_rules(root)
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("style", "script", "head"):
            continue
        inline = element.get("style") or ""
        hidden = _hidden_by_attributes(element) or bool(HIDING.search(inline))
        if not hidden and hiding and not SHOWING.search(inline):
            classes = set((element.get("class") or "").split())
            element_id = element.get("id")
            tag = element.tag.lower()
            hidden = any(s.matches(tag, classes, element_id) for s in hiding) and not any(
                s.matches(tag, classes, element_id) for s in showing
            )
        if hidden:
            doomed.append(element)
    if not doomed:
        return html, 0
    if doomed[0] is root:  # the whole page is hidden
        return "<html><body></body></html>", len(" ".join(root.text_content().split()))
    doomed_set, dropped = set(doomed), 0
    for element in doomed:
        if any(ancestor in doomed_set for ancestor in element.iterancestors()):
            continue  # inside an element that goes anyway: counted there
        dropped += len(" ".join(element.text_content().split()))
        element.drop_tree()  # keeps the element's tail text, which belongs to its parent
    return lxml.html.tostring(root, encoding="unicode"), dropped
