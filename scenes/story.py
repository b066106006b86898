"""The base class of every scene, and the scenes' single door to the model.

A scene is a storyboard: ``construct()`` plays a few named beats and calls
``self.pause()`` at the end of each one. In a video a pause point is a short
wait; in a lecture (``scenes.slides`` mixes manim-slides' ``Slide`` in) it is a
slide break. So one scene class serves both, unchanged.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import ClassVar

import numpy as np
from manim import ManimColor, Mobject, Scene

from model import reber
from model.rnn import RNN
from scenes import theme

ASSETS = Path(__file__).resolve().parent.parent / "assets"
RNN_WEIGHTS = ASSETS / "rnn_reber.npz"

# The Reber string every scene feeds the network unless `--string` says otherwise.
DEFAULT_STRING = "BTSSXXTVVE"


@cache
def trained_rnn() -> RNN:
    """The 7-4-7 RNN of the post, trained on Reber strings (assets/rnn_reber.npz)."""
    return RNN.load(RNN_WEIGHTS)


class StoryScene(Scene):
    """One chapter of the explainer.

    Class attributes describe the scene for ``render.py list`` and choose its
    input; the CLI sets ``reber_string`` and ``still_dir`` on a subclass.
    """

    scene_id: ClassVar[str]
    title: ClassVar[str]
    section: ClassVar[str]  # the post's section this scene illustrates
    approx_seconds: ClassVar[float]  # checked against the real length by the tests
    stills: ClassVar[tuple[str, ...]] = ()  # the post's figures this scene defines

    reber_string: ClassVar[str] = DEFAULT_STRING
    still_dir: ClassVar[Path | None] = None

    def setup(self) -> None:
        self.camera.background_color = ManimColor(theme.palette().background)
        self.pause_count = 0

    @property
    def rnn(self) -> RNN:
        return trained_rnn()

    @property
    def inputs(self) -> np.ndarray:
        """The one-hot rows (T, 7) of this scene's Reber string."""
        return reber.encode(self.reber_string)

    def pause(self) -> None:
        """Mark a pause point: the end of one beat of the argument."""
        self.pause_count += 1
        if hasattr(self, "next_slide"):
            self.next_slide()
        else:
            self.wait(theme.PAUSE)

    def capture_still(self, name: str, *leave_out: Mobject) -> None:
        """Save the current frame as the post's figure `name` when stills are asked for.

        The still is this very frame of the scene, less the `leave_out` mobjects (a
        heading, say), cropped to what is drawn on it, so the figure and the video
        can never disagree.
        """
        if name not in self.stills:
            raise ValueError(f"{type(self).__name__} does not declare the still {name!r}")
        if self.still_dir is None:
            return
        from scenes.pipeline import save_still  # only the stills command needs Pillow work

        on_screen, static_image = list(self.mobjects), self.renderer.static_image
        self.remove(*leave_out)
        self.renderer.static_image = None  # a cached backdrop of the last animation would keep what we left out
        self.renderer.update_frame(self, ignore_skipping=True)
        save_still(self.renderer.get_frame(), theme.palette().background, self.still_dir / name)
        self.mobjects, self.renderer.static_image = on_screen, static_image
