"""Titles, captions and equations drawn in the theme's type scale, in colours of the palette they are given.

Prose and numbers are set in the theme's FONT (CMU Serif), the face LaTeX sets the maths in. The few
characters that face lacks are drawn in Computer Modern as well: superscript digits as Pango
superscripts, and the maths symbols (ℓ, ∂, ′, ≥, ...) from Latin Modern Math, so no glyph falls back to
another family (see `line`).
"""

from __future__ import annotations

import re
from math import ceil as math_ceil

from manim import DOWN, LEFT, UL, MarkupText, MathTex, Mobject, Tex, Text, VGroup, config
from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP
from manim.mobject.text.text_mobject import TEXT2SVG_ADJUSTMENT_FACTOR

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette

# Symbols that keep their parameter's colour in every equation.
PARAMETER_SYMBOLS = ("W", "U", "V")


def within_frame(mobject: Mobject) -> Mobject:
    """Shrink a line that would be wider than the frame (a long number, a long --string) to fit it."""
    widest = config.frame_width - 2 * theme.FRAME_MARGIN
    if mobject.width > widest:
        mobject.scale_to_fit_width(widest)
    return mobject


# Symbols CMU Serif does not have, drawn from the Computer Modern maths font instead.
MATH_FONT = "Latin Modern Math"
MATH_SYMBOLS = "ℓ∂′″≥≤≈≠∞∑∏√∇∈⊙"

# The sub- and superscript characters captions use, and the letters they stand for. CMU Serif lacks most
# of them, and the fonts that have them draw them tiny: a burned subtitle sets the letters as scripts.
_SUBSCRIPTS, _SUPERSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₋₊ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁱʲᵏⁿ"
SUBSCRIPTS = str.maketrans(_SUBSCRIPTS, "0123456789\u2212+aeoxhklmnpstij")
SUPERSCRIPTS = str.maketrans(_SUPERSCRIPTS, "0123456789\u2212+ijkn")
_SCRIPT_RUN = {"sub": re.compile(f"[{_SUBSCRIPTS}]+"), "sup": re.compile(f"[{_SUPERSCRIPTS}]+")}
_DIGIT_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")  # the superscripts text in a scene sets in <sup>


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _in_math_font(markup_text: str) -> str:
    """The maths symbols of `markup_text` each in a span of MATH_FONT."""
    return "".join(f'<span font_family="{MATH_FONT}">{c}</span>' if c in MATH_SYMBOLS else c for c in markup_text)


def markup(text: str) -> str:
    """`text` as Pango markup in Computer Modern throughout: superscripts and maths symbols in their own spans."""
    escaped = _DIGIT_SUPERSCRIPT_RUN.sub(lambda run: f"<sup>{run.group().translate(SUPERSCRIPTS)}</sup>", _escaped(text))
    return _in_math_font(escaped)


def subtitle_markup(text: str, size: float) -> str:
    """`text` as Pango markup for a burned subtitle at `size`: scripts as letters at SUBTITLE_SCRIPT_SHARE of it, lowered
    or raised (Pango's rise is in points of its own layout, manim's font size over TEXT2SVG_ADJUSTMENT_FACTOR)."""
    point = size / TEXT2SVG_ADJUSTMENT_FACTOR
    share = f'size="{round(100 * theme.SUBTITLE_SCRIPT_SHARE)}%"'
    escaped = _SCRIPT_RUN["sub"].sub(
        lambda run: f'<span {share} rise="{-0.16 * point:.2f}pt">{run.group().translate(SUBSCRIPTS)}</span>', _escaped(text))
    escaped = _SCRIPT_RUN["sup"].sub(
        lambda run: f'<span {share} rise="{0.36 * point:.2f}pt">{run.group().translate(SUPERSCRIPTS)}</span>', escaped)
    return _in_math_font(escaped)


def shed_svg_paths(mobject: Mobject) -> Mobject:
    """Drop the parsed SVG path each glyph keeps after its points are made (svgelements objects): every copy
    of a typeset mobject (each Transform, FadeIn, FadeOut, Indicate) deep-copied them, 20 to 40 times the
    cost of copying the glyphs' points. Manim's in-memory typeset cache hands out copies of its own
    entries, so they shed theirs too. The drawing is unchanged."""
    for cached in (m for key, m in SVG_HASH_TO_MOB_MAP.items() if key not in _SHED):
        _shed(cached)
    _SHED.update(SVG_HASH_TO_MOB_MAP)
    return _shed(mobject)


_SHED: set = set()  # the keys of manim's typeset cache whose entries have shed their paths


def _shed(mobject: Mobject) -> Mobject:
    for part in mobject.get_family():
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None
    return mobject


def line(text: str, size: float, color: str) -> MarkupText:
    """`text` (one line or several) in the theme's face at `size`, every glyph in Computer Modern.

    Always MarkupText: manim lays a Text out as wide as the video's pixel width, so a long Text broke
    onto two lines in the tests' 192-pixel renders, and the typeset cache (keyed without the width)
    handed that broken line to renders of every size. MarkupText's layout width does not change.
    """
    return shed_svg_paths(MarkupText(markup(text), font=theme.FONT, font_size=size, color=color))


def title(palette: Palette, text: str) -> Text:
    """The scene's title: one size, in the top left corner inside the margin, in every scene."""
    return within_frame(line(text, theme.TITLE_SIZE, palette.text)).to_corner(UL, buff=theme.FRAME_MARGIN)


heading_line = title  # the name the RNN scenes use for their title


def caption(text: str, size: int, color: str) -> Text:
    return within_frame(line(text, size, color))


def prose(text: str, color: str) -> Tex:
    """A sentence with inline maths, at label size."""
    return shed_svg_paths(Tex(text, color=color, font_size=theme.PROSE_SIZE))


def math(palette: Palette, *tex: str, scale: float = theme.EQUATION_SCALE, color: str | None = None) -> MathTex:
    """MathTex with every capital W, U and V in its parameter's colour.

    The letters are isolated as their own parts, so avoid LaTeX commands that
    contain them (write \\| rather than \\Vert).
    """
    equation = MathTex(
        *tex,
        color=color or palette.text,
        substrings_to_isolate=list(PARAMETER_SYMBOLS),
        tex_to_color_map={"W": palette.W, "U": palette.U, "V": palette.V},
    )
    return within_frame(shed_svg_paths(equation.scale(scale)))


def stacked(*rows, buff: float = 0.3) -> VGroup:
    """Rows left-aligned one under the other."""
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=buff)


def subtitle(palette: Palette, text: str) -> VGroup:
    """The beat's caption burned into the video, centred in the band under the picture (StoryScene.add_subtitle_band),
    its scripts set as letters (`subtitle_markup`); the .srt beside the video keeps the caption's own characters.

    A caption wider than the frame is broken at spaces into as few lines as fit, of about equal length.
    """
    widest = config.frame_width - 2 * theme.FRAME_MARGIN

    def run(words: list[str]) -> Text:
        markup = subtitle_markup(" ".join(words), theme.SUBTITLE_SIZE)
        return shed_svg_paths(MarkupText(markup, font=theme.FONT, font_size=theme.SUBTITLE_SIZE, color=palette.text))

    words = text.split()
    count = max(1, math_ceil(run(words).width / widest))
    while True:
        lines = VGroup(*(run(part) for part in balanced(words, count))).arrange(DOWN, buff=theme.SUBTITLE_LINE_GAP)
        if lines.width <= widest or count == len(words):
            break
        count += 1
    return lines.move_to(DOWN * (config.frame_height + theme.SUBTITLE_BAND) / 2)


def balanced(words: list[str], count: int) -> list[list[str]]:
    """`words` in `count` runs of about equal length in characters, in order."""
    total = sum(len(w) + 1 for w in words)
    runs: list[list[str]] = [[]]
    used = 0
    for word in words:
        if runs[-1] and used >= total * len(runs) / count and len(runs) < count:
            runs.append([])
        runs[-1].append(word)
        used += len(word) + 1
    return runs
