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


@dataclass(frozen=True)
class Shown:
    """One number as a scene drew it."""

    scene: str
    beat: str
    string: str  # the string the network read for this number
    quantity: str  # e.g. "h", "y", "dy/dW", "jacobian_norm"
    index: dict  # 1-based, as in the post, e.g. {"t": 2, "unit": 4}
    value: float  # full precision
    text: str  # exactly what was drawn, as plain text; "" for a point of a plotted curve
    # what the viewer reads the number by, as drawn: the heading, axis, legend entry or symbol beside it
    label: str = ""

    def as_dict(self) -> dict:
        return {
            "scene": self.scene,
            "beat": self.beat,
            "string": self.string,
            "quantity": self.quantity,
            "index": dict(self.index),
            "value": self.value,
            "text": self.text,
            "label": self.label,
        }


@dataclass(frozen=True)
class Mark:
    """A highlight as drawn (a box, a ring, a lit path or edge) and what it points at.

    `target` names the thing pointed at in the model's terms ("symbol", "path", "unit", "edge", ...)
    and `index` which one (1-based, as in the post), so a test can check it against the model.
    """

    scene: str
    beat: str
    string: str
    kind: str  # "box", "ring", "lit", ...
    target: str
    index: dict

    def as_dict(self) -> dict:
        return {"scene": self.scene, "beat": self.beat, "string": self.string, "kind": self.kind,
                "target": self.target, "index": dict(self.index)}


@dataclass(frozen=True)
class Beat:
    """A beat as it played: its method's name, caption, and where it sits on the scene's clock."""

    name: str
    caption: str
    start: float
    end: float
    still: float = 0.0  # how long the picture stood still at the end, after the beat's last animation


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
