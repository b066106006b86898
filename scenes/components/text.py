"""Titles, captions and equations drawn in the theme's type scale, in colours of the palette they are given."""

from __future__ import annotations

from manim import DOWN, LEFT, UP, MathTex, Mobject, Tex, Text, VGroup, config

from scenes import theme
from scenes.theme import Palette

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
    """The beat's caption burned into the picture, in the bottom band, on a backing that keeps it readable."""
    from manim import BackgroundRectangle, MarkupText

    widest = config.frame_width - 2 * theme.FRAME_MARGIN
    line = MarkupText(text, font=theme.FONT, font_size=theme.SUBTITLE_SIZE, color=palette.text)
    if line.width > widest:
        line.scale_to_fit_width(widest)
    backing = BackgroundRectangle(line, color=palette.background, fill_opacity=theme.SUBTITLE_BACKING_OPACITY, buff=0.08)
    return VGroup(backing, line).to_edge(DOWN, buff=theme.SUBTITLE_MARGIN)
