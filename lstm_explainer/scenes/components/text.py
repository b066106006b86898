"""Titles, captions and equations drawn in the theme's type scale, in colours of the palette they are given."""

from __future__ import annotations

from math import ceil as math_ceil

from manim import DOWN, LEFT, UP, MathTex, Mobject, Tex, Text, VGroup, config

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


def title(palette: Palette, text: str) -> Text:
    """A scene title pinned to the top edge of the frame."""
    heading = Text(text, font=theme.FONT, font_size=theme.TITLE_SIZE, color=palette.text)
    return heading.to_edge(UP, buff=theme.FRAME_MARGIN)


def caption(text: str, size: int, color: str) -> Text:
    return within_frame(Text(text, font=theme.FONT, font_size=size, color=color))


def heading_line(palette: Palette, text: str) -> Text:
    """A heading small enough to leave room for a column of worked equations."""
    return caption(text, theme.HEADING_SIZE, palette.text).to_edge(UP, buff=theme.FRAME_MARGIN)


def prose(text: str, color: str) -> Tex:
    """A sentence with inline maths, at label size."""
    return Tex(text, color=color, font_size=theme.PROSE_SIZE)


def footnote(palette: Palette, text: str) -> Text:
    """A quiet line at the bottom of the frame."""
    note = Text(text, font=theme.FONT, font_size=theme.SMALL_SIZE, color=palette.muted)
    return note.to_edge(DOWN, buff=theme.FRAME_MARGIN)


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
    return within_frame(equation.scale(scale))


def stacked(*rows, buff: float = 0.3) -> VGroup:
    """Rows left-aligned one under the other."""
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=buff)


def subtitle(palette: Palette, text: str) -> VGroup:
    """The beat's caption burned into the video, centred in the band under the picture (StoryScene.add_subtitle_band).

    A caption wider than the frame is broken at spaces into as few lines as fit, of about equal length.
    """
    widest = config.frame_width - 2 * theme.FRAME_MARGIN

    def line(words: list[str]) -> Text:
        return Text(" ".join(words), font=theme.FONT, font_size=theme.SUBTITLE_SIZE, color=palette.text)

    words = text.split()
    count = max(1, math_ceil(line(words).width / widest))
    while True:
        lines = VGroup(*(line(part) for part in balanced(words, count))).arrange(DOWN, buff=theme.SUBTITLE_LINE_GAP)
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
