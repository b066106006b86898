"""What a scene is given and what it gives back: one typed settings object in, one plain result out.

The rendering side builds a ``SceneSettings`` and hands it to the scene's constructor
(``Scene(settings=...)``); the scene reads it through ``self.reber_string``,
``self.palette``, ``self.capture_stills`` and ``self.burn_subtitles``. When the scene
has played, ``scene.result()`` is a ``SceneResult``: its beats, the numbers it drew
and the stills it captured, with nothing of manim in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lstm_explainer.scenes import theme

if TYPE_CHECKING:
    import numpy as np

    from lstm_explainer.scenes.story import Beat, Mark, Shown

# The Reber string every scene feeds the network unless `--string` says otherwise.
DEFAULT_STRING = "BTSSXXTVVE"


def palette_named(name: str) -> theme.Palette:
    """The palette of a theme name ("dark", "light"): the one place a name becomes colours."""
    return theme.PALETTES[name]


@dataclass(frozen=True)
class SceneSettings:
    """Everything a scene is told: its input string, its look, and what it keeps besides its video."""

    reber_string: str | None = None  # None: DEFAULT_STRING
    theme: str = "dark"  # a key of theme.PALETTES
    subtitles: str = "srt"  # srt, burn (also drawn into the picture) or none
    size: tuple[int, int, int] | None = None  # (width, height, frame rate) instead of the quality's
    capture_stills: bool = False  # keep the frames of the post's figures
    motionless: bool = False  # played for its numbers only: animations reduced to their effect (scenes.motionless)

    @property
    def string(self) -> str:
        return DEFAULT_STRING if self.reber_string is None else self.reber_string

    @property
    def palette(self) -> theme.Palette:
        return palette_named(self.theme)

    @property
    def burn_subtitles(self) -> bool:
        return self.subtitles == "burn"


@dataclass
class SceneResult:
    """What a played scene learnt: its beats on its clock, every number it drew, the stills it captured."""

    scene: str
    length: float  # seconds on the scene's clock
    beats: list[Beat] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)
    stills: dict[str, np.ndarray] = field(default_factory=dict)
    content_end: float | None = None  # the last frame of the picture, before the closing fade (None: the end)
    marks: list[Mark] = field(default_factory=list)  # every highlight drawn and what it points at
