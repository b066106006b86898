"""Regression frames: the last frame of every scene against a committed control frame.

Control frames live in tests/control_data/scenes/; `pytest tests/test_frames.py --set_test`
writes them after an intended change of the look. Comparison allows manim's small
per-pixel tolerance, since fonts and cairo versions move pixels a little.
"""

from __future__ import annotations

import pytest
from manim.utils.testing.frames_comparison import frames_comparison

import scenes
from rendering.jobs import typeset_cache

__module_test__ = "scenes"


def _last_frame_test(scene_cls):
    def test(scene):
        scene_cls.construct(scene)

    test.__name__ = f"test_{scene_cls.__name__}_last_frame"
    # Reuse the scene's typeset LaTeX and text (manim's helper would typeset everything again per test).
    return pytest.mark.slow(frames_comparison(base_scene=scene_cls, **typeset_cache(scene_cls.__name__))(test))


for _scene_cls in scenes.in_story_order():
    _test = _last_frame_test(_scene_cls)
    globals()[_test.__name__] = _test
