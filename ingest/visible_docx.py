"""Which DOCX runs a reader sees: hidden runs are a known carrier of instructions aimed at a model.

python-docx's ``run.font.hidden`` reads the run's own formatting only, while Word resolves a
property through a chain: the run, its character style (and the styles it is based on), the
paragraph's style (and its bases), then the document defaults. This module walks that chain for
``w:vanish``, ``w:webHidden``, ``w:specVanish``, the colour (white, on no shading) and the size
(2 pt or less).
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

MAX_HALF_POINTS = 4  # w:sz counts half-points: 4 = 2 pt
HIDING = ("w:vanish", "w:webHidden", "w:specVanish")
WHITE_THEME = {"background1", "light1"}  # the theme's paper colour: white in every stock theme
FALSE_VALUES = {"0", "false", "off", "none"}
MAX_BASED_ON = 20  # a style chain longer than this is a loop in a crafted file


def _on(element: Any) -> bool | None:
    """A toggle element's value: None when absent, else its w:val (absent val means on)."""
    if element is None:
        return None
    return (element.get(qn("w:val")) or "true").lower() not in FALSE_VALUES


def _near_white(hex_value: str) -> bool:
    try:
        return len(hex_value) == 6 and all(int(hex_value[i : i + 2], 16) >= 0xF2 for i in (0, 2, 4))
    except ValueError:
        return False


class DocxVisibility:
    """Resolves run visibility for one document; style chains are cached per (paragraph style, run style)."""

    def __init__(self, document: Any) -> None:
        styles = document.styles.element
        self.styles: dict[str, Any] = {}
        self.default_paragraph_style: str | None = None
        for style in styles.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id:
                self.styles[style_id] = style
                if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true"):
                    self.default_paragraph_style = style_id
        defaults = styles.find(qn("w:docDefaults"))
        default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.defaults = [default_rpr] if default_rpr is not None else []
        self._chains: dict[tuple[str | None, str | None], list[Any]] = {}
        self.hidden_chars = 0

    def _style_rprs(self, style_id: str | None) -> list[Any]:
        """The w:rPr of a style and of every style it is based on, nearest first."""
        found, seen = [], set()
        while style_id and style_id not in seen and len(seen) < MAX_BASED_ON:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            rpr = style.find(qn("w:rPr"))
            if rpr is not None:
                found.append(rpr)
            based_on = style.find(qn("w:basedOn"))
            style_id = based_on.get(qn("w:val")) if based_on is not None else None
        return found

    def _chain(self, paragraph_style: str | None, run_style: str | None) -> list[Any]:
        key = (paragraph_style, run_style)
        if key not in self._chains:
            self._chains[key] = self._style_rprs(run_style) + self._style_rprs(paragraph_style) + self.defaults
        return self._chains[key]

    def run_hidden(self, run: Any, paragraph: Any) -> bool:
        """True when Word would not show the run (or shows it white on white, or too small to read)."""
        rpr = run._r.rPr
        ppr = paragraph._p.pPr
        paragraph_style = None
        if ppr is not None and ppr.pStyle is not None:
            paragraph_style = ppr.pStyle.val
        paragraph_style = paragraph_style or self.default_paragraph_style
        run_style_element = rpr.find(qn("w:rStyle")) if rpr is not None else None
        run_style = run_style_element.get(qn("w:val")) if run_style_element is not None else None
        styles = self._chain(paragraph_style, run_style)
        for tag in HIDING:
            direct = _on(rpr.find(qn(tag))) if rpr is not None else None
            if direct is not None:
                if direct:
                    return True
                continue  # direct formatting switches it off, whatever the styles say
            # Toggle properties flip through the style levels in Word; any "on" counts as hidden here,
            # which may drop a rare visible run but never lets a hidden one through.
            if any(_on(level.find(qn(tag))) for level in styles):
                return True
        chain = ([rpr] if rpr is not None else []) + styles
        size = self._first(chain, "w:sz")
        if size is not None and size.get(qn("w:val"), "").isdigit() and int(size.get(qn("w:val"))) <= MAX_HALF_POINTS:
            return True
        color = self._first(chain, "w:color")
        return color is not None and self._white(color) and not self._backdrop(rpr, ppr)

    @staticmethod
    def _first(chain: list[Any], tag: str) -> Any:
        for level in chain:
            found = level.find(qn(tag))
            if found is not None:
                return found
        return None

    @staticmethod
    def _white(color: Any) -> bool:
        theme = color.get(qn("w:themeColor"))
        if theme:
            # A shade darkens the theme colour; without one, background1 is the page colour.
            return theme in WHITE_THEME and color.get(qn("w:themeShade")) is None
        return _near_white((color.get(qn("w:val")) or "").upper())

    @staticmethod
    def _backdrop(rpr: Any, ppr: Any) -> bool:
        """Shading or highlighting behind the run: white text on it is visible."""
        for props in (rpr, ppr):
            if props is None:
                continue
            shading = props.find(qn("w:shd"))
            fill = (shading.get(qn("w:fill")) or "auto").upper() if shading is not None else "AUTO"
            if fill != "AUTO" and not _near_white(fill):
                return True
            highlight = props.find(qn("w:highlight"))
            if highlight is not None and (highlight.get(qn("w:val")) or "none") not in ("none", "white"):
                return True
        return False

    def visible_text(self, paragraph: Any) -> str:
        """The paragraph's text from its visible runs; counts what was left out."""
        parts = []
        for run in paragraph.runs:
            if self.run_hidden(run, paragraph):
                self.hidden_chars += len(run.text)
            else:
                parts.append(run.text)
        return "".join(parts)
