"""Visible text of a PDF page: text a reader cannot see is dropped before it can reach a model.

Hidden PDF text is a known carrier of indirect prompt injection ("ignore your instructions ...").
pypdf's own extractor keeps its layout logic (line breaks, spacing), so rather than rebuild the
text ourselves we follow the graphics state alongside it with ``visitor_operand_before`` and blank
the operand of every text-showing operator that draws nothing visible, just before pypdf reads it.
Dropped: render mode 3 or 7 (invisible, clip only), a near-white or fully transparent colour on no
painted backdrop, an effective size under 2 pt, and text whose origin lies off the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf.generic import ArrayObject, NameObject, TextStringObject

MIN_SIZE_PT = 2.0
NEAR_WHITE = 0.95  # every colour component this light (gray 0.95 = #F2F2F2) reads as white on paper
MIN_ALPHA = 0.05
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
SHOW_TEXT = {b"Tj": 0, b"'": 0, b'"': 2, b"TJ": 0}  # operator -> index of its text operand
FILLS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
MAX_BACKDROPS = 500  # painted areas remembered per page; bounds the cost of a crafted page
DEVICE_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/DeviceCMYK": 4}

Matrix = tuple[float, float, float, float, float, float]


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m, then n)."""
    return (
        m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _matrix(values: Any) -> Matrix:
    try:
        numbers = tuple(float(v) for v in values[:6])
    except (TypeError, ValueError):
        return IDENTITY
    return numbers if len(numbers) == 6 else IDENTITY  # type: ignore[return-value]


def _is_light(space: str, components: tuple[float, ...] | None) -> bool:
    """True for a near-white colour. Unknown spaces (patterns, indexed, DeviceN) count as dark: keep the text."""
    if not components:
        return False
    if space in ("gray", "rgb", "/DeviceGray", "/CalGray", "/DeviceRGB", "/CalRGB"):
        return min(components) >= NEAR_WHITE
    if space in ("cmyk", "/DeviceCMYK"):
        return max(components) <= 1 - NEAR_WHITE
    if space == "separation":
        return components[0] <= 1 - NEAR_WHITE  # tint 0 = no ink at all
    return False


@dataclass
class _State:
    """The part of the graphics state that decides whether text is seen; saved by q, restored by Q."""

    fill_space: str = "gray"
    fill: tuple[float, ...] | None = (0.0,)
    stroke_space: str = "gray"
    stroke: tuple[float, ...] | None = (0.0,)
    render: int = 0
    font: str = ""
    size: float = 12.0
    hscale: float = 1.0
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0


@dataclass
class PageVisibility:
    """Follows one page's operators; ``before``/``after`` are pypdf's operand visitors."""

    box: tuple[float, float, float, float]  # left, bottom, right, top
    fonts: dict[str, Any] = field(default_factory=dict)
    color_spaces: dict[str, Any] = field(default_factory=dict)
    ext_states: dict[str, Any] = field(default_factory=dict)
    xobjects: dict[str, Any] = field(default_factory=dict)
    hidden_chars: int = 0
    hidden_runs: int = 0
    state: _State = field(default_factory=_State)
    stack: list[_State] = field(default_factory=list)
    forms: list[tuple[Matrix, _State, list[_State]]] = field(default_factory=list)
    base: Matrix = IDENTITY  # where a form XObject's own coordinates sit on the page
    path: list[tuple[float, float]] = field(default_factory=list)
    backdrops: list[tuple[float, float, float, float]] = field(default_factory=list)

    @classmethod
    def for_page(cls, page: Any) -> "PageVisibility":
        box = page.cropbox  # what a viewer shows; pypdf falls back to the media box
        resources = _dict(page.get("/Resources"))
        return cls(
            box=(float(box.left), float(box.bottom), float(box.right), float(box.top)),
            fonts=_dict(resources.get("/Font")), color_spaces=_dict(resources.get("/ColorSpace")),
            ext_states=_dict(resources.get("/ExtGState")), xobjects=_dict(resources.get("/XObject")),
        )

    # --- the visitors ------------------------------------------------------------------------

    def before(self, operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        try:
            self._before(operator, operands, cm, tm)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError):
            pass  # a malformed operator changes nothing we track; pypdf copes with it on its own

    def after(self, operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        if operator == b"Do" and self.forms:
            self.base, self.state, self.stack = self.forms.pop()

    def _before(self, operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        state = self.state
        if operator in SHOW_TEXT:
            self._show_text(operator, operands, cm, tm)
        elif operator == b"q":
            self.stack.append(replace(state))
        elif operator == b"Q":
            self.state = self.stack.pop() if self.stack else _State()
        elif operator == b"Tf" and len(operands) >= 2:
            state.font, state.size = str(operands[0]), abs(float(operands[1]))
        elif operator == b"Tr":
            state.render = int(operands[0])
        elif operator == b"Tz":
            state.hscale = abs(float(operands[0])) / 100
        elif operator in (b"g", b"rg", b"k", b"G", b"RG", b"K"):
            space = {1: "gray", 3: "rgb", 4: "cmyk"}.get(len(operands), "")
            components = tuple(float(v) for v in operands)
            if operator.islower():
                state.fill_space, state.fill = space, components
            else:
                state.stroke_space, state.stroke = space, components
        elif operator in (b"cs", b"CS"):
            space = self._color_space(operands[0])
            # A new colour space starts at its initial colour: black, or full ink for a spot colour.
            initial = (1.0,) if space == "separation" else (0.0,) * DEVICE_COMPONENTS.get(space, 1)
            if operator == b"cs":
                state.fill_space, state.fill = space, initial
            else:
                state.stroke_space, state.stroke = space, initial
        elif operator in (b"sc", b"scn", b"SC", b"SCN"):
            numeric = all(isinstance(v, (int, float)) for v in operands)
            components = tuple(float(v) for v in operands) if numeric and operands else None
            if operator in (b"sc", b"scn"):
                state.fill = components
            else:
                state.stroke = components
        elif operator == b"gs":
            ext = _dict(self.ext_states.get(operands[0]))
            state.fill_alpha = float(ext.get("/ca", state.fill_alpha))
            state.stroke_alpha = float(ext.get("/CA", state.stroke_alpha))
        elif operator == b"Do":
            self._enter_xobject(operands[0], cm)
        elif operator in (b"m", b"l"):
            self._add_points(operands[0:2], cm)
        elif operator in (b"c", b"v", b"y"):
            self._add_points(operands, cm)
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands[:4])
            self._add_points([x, y, x + w, y + h, x, y + h, x + w, y], cm)
        elif operator in FILLS:
            if self.path and not _is_light(state.fill_space, state.fill):
                xs, ys = [p[0] for p in self.path], [p[1] for p in self.path]
                self._backdrop((min(xs), min(ys), max(xs), max(ys)))
            self.path = []
        elif operator in (b"n", b"S", b"s"):
            self.path = []
        elif operator == b"sh":
            self._backdrop(self.box)  # a shading fills the clip area, whose extent we do not track

    # --- text --------------------------------------------------------------------------------

    def _show_text(self, operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        index = SHOW_TEXT[operator]
        if index >= len(operands) or not self._hidden(_mult(_matrix(tm), _mult(_matrix(cm), self.base)), operands[index]):
            return
        self.hidden_runs += 1
        self.hidden_chars += self._char_count(operands[index])
        # Blank the text in place: pypdf reads this very list right after the visitor returns.
        operands[index] = ArrayObject() if operator == b"TJ" else TextStringObject("")

    def _hidden(self, m: Matrix, text: Any) -> bool:
        state = self.state
        if state.render in (3, 7):  # neither filled nor stroked
            return True
        size = state.size * min(math.hypot(m[2], m[3]), state.hscale * math.hypot(m[0], m[1]))
        if size < MIN_SIZE_PT:
            return True
        x, y = m[4], m[5]
        left, bottom, right, top = self.box
        if x > right or y > top or y + size < bottom:
            return True
        if x < left and x + self._char_count(text) * size < left:  # one em per glyph: generous
            return True
        stroked = state.render in (1, 2, 5, 6)
        filled = state.render in (0, 2, 4, 6)
        faint = (not filled or state.fill_alpha < MIN_ALPHA or _is_light(state.fill_space, state.fill)) and (
            not stroked or state.stroke_alpha < MIN_ALPHA or _is_light(state.stroke_space, state.stroke)
        )
        if not faint:
            return False
        if state.fill_alpha < MIN_ALPHA and (not stroked or state.stroke_alpha < MIN_ALPHA):
            return True  # fully transparent: no backdrop makes it visible
        # White text on a dark box or a picture is visible; on bare paper it is not.
        return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in self.backdrops)

    def _char_count(self, text: Any) -> int:
        if isinstance(text, list):
            return sum(self._char_count(part) for part in text if isinstance(part, (str, bytes)))
        if not isinstance(text, (str, bytes)) or isinstance(text, NameObject):
            return 0
        raw = text.get_original_bytes() if isinstance(text, TextStringObject) else text
        font = _dict(self.fonts.get(self.state.font))
        # Composite (Type0) fonts use two bytes per glyph in practice (Identity-H).
        return len(raw) // 2 if font.get("/Subtype") == "/Type0" else len(raw)

    # --- graphics ----------------------------------------------------------------------------

    def _color_space(self, name: Any) -> str:
        name = str(name)
        if name in DEVICE_COMPONENTS or name == "/Pattern":
            return name
        definition = self.color_spaces.get(name)
        definition = definition.get_object() if hasattr(definition, "get_object") else definition
        if isinstance(definition, list) and definition:
            family = str(definition[0])
            if family == "/Separation":
                return "separation"
            if family == "/ICCBased":
                n = int(_dict(definition[1]).get("/N", 0))
                return {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}.get(n, "unknown")
            if family in DEVICE_COMPONENTS:
                return family
        return "unknown"

    def _enter_xobject(self, name: Any, cm: list[float]) -> None:
        # pypdf extracts a form's text with a fresh state, so remember where the form sits.
        self.forms.append((self.base, replace(self.state), list(self.stack)))  # first: after() pops it
        xobject = _dict(self.xobjects.get(name))
        here = _mult(_matrix(cm), self.base)
        if xobject.get("/Subtype") == "/Image":
            corners = [_apply(here, x, y) for x, y in ((0, 0), (1, 1), (0, 1), (1, 0))]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            self._backdrop((min(xs), min(ys), max(xs), max(ys)))
        self.base = _mult(_matrix(xobject.get("/Matrix", IDENTITY)), here)
        self.stack = []

    def _add_points(self, operands: list, cm: list[float]) -> None:
        m = _mult(_matrix(cm), self.base)
        numbers = [float(v) for v in operands]
        for x, y in zip(numbers[0::2], numbers[1::2]):
            self.path.append(_apply(m, x, y))

    def _backdrop(self, area: tuple[float, float, float, float]) -> None:
        if len(self.backdrops) < MAX_BACKDROPS:
            self.backdrops.append(area)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _dict(value: Any) -> dict:
    value = value.get_object() if hasattr(value, "get_object") else value
    return value if isinstance(value, dict) else {}


def visible_page_text(page: Any) -> tuple[str, int]:
    """The page's text without hidden text, and how many hidden characters were dropped."""
    tracker = PageVisibility.for_page(page)
    text = page.extract_text(visitor_operand_before=tracker.before, visitor_operand_after=tracker.after)
    return text or "", tracker.hidden_chars
