"""The notation issue 20 retires, looked for in the captions and typeset text of the RNN chapter's first scenes."""

from __future__ import annotations

import re

import pytest
from builds import SHORT_STRING, quick
from manim import MathTex, Tex, Text

from lstm_explainer.scenes.story import DEFAULT_STRING

SCENES = ("RNNEquations", "ReberGrammar", "UnrollRNN", "ErrorAtStepOne", "ErrorAtStepTwo")
RETIRED = {
    "outputs called probabilities (they are independent sigmoid scores)": re.compile(r"probabilit", re.I),
    "pseudo-TeX in a caption": re.compile(r"[_^]|\\[a-z]+"),
    "braces round a vector": re.compile(r"\\\{|\\vec"),
}


def texts(scene) -> list[str]:
    """Every caption, and every string typeset on screen at the end of the scene."""
    out = [beat.caption for beat in scene.beats]
    for mob in scene.get_mobject_family_members():
        if isinstance(mob, (MathTex, Tex)):
            out.append(mob.tex_string)
        elif isinstance(mob, Text):
            out.append(mob.text)
    return out


@pytest.mark.parametrize("string", [DEFAULT_STRING, SHORT_STRING])
@pytest.mark.parametrize("scene", SCENES)
def test_no_retired_notation_in_captions_or_on_screen(scene, string):
    built = quick(scene, string)
    found = []
    for text in texts(built):
        for what, pattern in RETIRED.items():
            if what == "pseudo-TeX in a caption" and text not in {b.caption for b in built.beats}:
                continue
            if pattern.search(text):
                found.append(f"{what}: {text!r}")
    assert found == []
