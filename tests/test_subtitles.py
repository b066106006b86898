"""The burned subtitle: legible at 480p, its sub- and superscripts set as letters, the caption's words kept."""

from __future__ import annotations

import re

from manim import config

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.text import subtitle
from lstm_explainer.scenes.theme import DARK


def pixels_at_480p(height: float) -> float:
    return height * 480 / config.frame_height


def glyphs(caption: str):
    """The burned subtitle of `caption` as one glyph per character that is not a space (in order)."""
    (line,) = subtitle(DARK, caption)
    return list(line)


def test_a_subtitles_letters_and_its_scripts_are_at_least_7_px_tall_at_480p():
    # "x" and the subscript x of "hₓ": an x glyph's height is the x-height
    letter, _, sub = glyphs("x hₓ")
    assert pixels_at_480p(letter.height) >= 8.5  # comfortably above the floor
    assert pixels_at_480p(sub.height) >= theme.LEAST_X_HEIGHT_PX
    assert sub.height < letter.height  # still a script
    # a digit script is raised (superscript) or lowered (subscript) against the letter it follows
    h, one, four = glyphs("h₁⁴")
    assert one.get_bottom()[1] < h.get_bottom()[1] < four.get_bottom()[1]
    assert one.height < h.height and four.height < h.height


def test_a_subtitle_draws_every_character_of_its_caption():
    # one glyph per visible character: a script is a letter of its own, none is dropped or doubled
    caption = "The loss reads hₜ through yₜ, so ∂L/∂hₜ carries the error; Jₛ = ∂hₛ/∂hₛ₋₁, wᵢⱼ and y₁ᵏ."
    assert len(glyphs(caption)) == len(re.sub(r"\s", "", caption))
