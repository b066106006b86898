"""The base class of every scene: beats with their captions, and numbers recorded as drawn.

A scene is a storyboard: ``construct()`` calls a few named beats, each a method
decorated with ``@beat("caption")``. The caption is one or two sentences of
narration kept beside the picture it describes; it sets how long the beat
stays still on screen, becomes the video's subtitle, the web captions and the
lecture's speaker notes. A beat's end is a pause point: in a video the picture
holds for the caption's reading time, in a lecture (``rendering.slides`` mixes
manim-slides' ``Slide`` in) it is a slide break: each beat is one slide, its caption the
speaker notes. So one scene class serves both.

Every number a scene shows goes through ``self.numeral()`` (text or TeX of a
value, typeset by ``scenes.numbers``) or ``self.plotted()`` (values drawn as
points of a curve), which record what was drawn (``self.shown``), so
``render.py values`` and the tests can check the screen against the model.
"""

from __future__ import annotations

import functools
import math
from functools import cache
from typing import Callable, ClassVar

import numpy as np
from manim import DOWN, FadeOut, ManimColor, Mobject, Scene, Wait, config

from lstm_explainer.model import reber, weights
from lstm_explainer.model.rnn import RNN
from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.components.fades import Dissolve, fades_in_place
from lstm_explainer.scenes.numbers import Numeral
from lstm_explainer.scenes.settings import DEFAULT_STRING, Beat, Mark, SceneResult, SceneSettings, Shown
from lstm_explainer.scenes.theme import Palette

RNN_WEIGHTS = weights.path("rnn_reber")


@cache
def trained_rnn() -> RNN:
    """The 7-4-7 RNN of the post, trained on Reber strings (assets/rnn_reber.npz)."""
    return weights.load(RNN_WEIGHTS, "rnn")


def reading_seconds(caption: str) -> float:
    """How long a viewer needs to read `caption`: 15 characters a second, plus a second to find it."""
    return len(caption) / theme.READING_CHARS_PER_SECOND + theme.READING_LEAD_SECONDS


def hold_seconds(caption: str, moving: float) -> float:
    """How long the picture stands still at the end of a beat whose animations took `moving` seconds.

    The caption is on screen from the beat's start, so the viewer has begun reading it while the
    picture moved, at READING_WHILE_MOVING of full speed (the eye goes between the motion and the
    words, which name it in order); the rest of the reading is done on the still picture, which
    always stands at least STILL_SHARE_OF_READING of the reading time so the finished picture can
    be looked at.
    """
    reading = reading_seconds(caption)
    return max(reading - theme.READING_WHILE_MOVING * moving, theme.STILL_SHARE_OF_READING * reading)


def beat(caption: str) -> Callable:
    """Mark a scene method as one beat of the story, narrated by `caption`.

    The method plays the beat's animations; afterwards the picture holds still for
    the caption's reading time and the beat ends at a pause point. A beat played
    more than once (a step of a walk, say) may name its keyword arguments in the
    caption, as in ``@beat("Step {t}: ...")``.
    """

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def play_beat(self: StoryScene, *args, **kwargs):
            self.begin_beat(method.__name__, caption.format_map(kwargs) if kwargs else caption)
            result = method(self, *args, **kwargs)
            self.end_beat()
            return result

        play_beat.caption = caption
        return play_beat

    return decorate


class StoryScene(Scene):
    """One chapter of the explainer.

    Class attributes describe the scene for ``render.py list``; its input and look
    come from the ``SceneSettings`` it is built with (``reber_string``, ``palette``,
    ``capture_stills``, ``burn_subtitles`` read them), and ``result()`` gives back
    what it learnt while playing. A scene hands its ``palette`` to every component
    it builds.
    """

    scene_id: ClassVar[str]
    title: ClassVar[str]
    section: ClassVar[str]  # the post's section this scene illustrates
    approx_seconds: ClassVar[float]  # checked against the real length by the tests
    stills: ClassVar[tuple[str, ...]] = ()  # the post's figures this scene defines
    max_string_length: ClassVar[int | None] = None  # the longest --string the scene has room for (None: any)

    # False: the video ends on the scene's last picture, which the next scene starts from (no fade to black).
    fade_out: ClassVar[bool] = True

    def __init__(self, settings: SceneSettings | None = None, **kwargs) -> None:
        self.settings = settings if settings is not None else SceneSettings()
        super().__init__(**kwargs)

    @property
    def reber_string(self) -> str:
        return self.settings.string

    @property
    def palette(self) -> Palette:
        return self.settings.palette

    @property
    def capture_stills(self) -> bool:
        return self.settings.capture_stills

    @property
    def burn_subtitles(self) -> bool:
        return self.settings.burn_subtitles

    def result(self) -> SceneResult:
        """What the scene learnt while it played (call after render())."""
        return SceneResult(type(self).__name__, self.renderer.time, list(self.beats), list(self.shown),
                           dict(self.captured_stills), getattr(self, "content_end", None), list(self.marks))

    def setup(self) -> None:
        super().setup()
        longest = self.max_string_length
        if longest is not None and len(self.reber_string) > longest:
            raise ValueError(f"{type(self).__name__} shows Reber strings of up to {longest} symbols; this one has {len(self.reber_string)}")
        if self.burn_subtitles:
            self.add_subtitle_band()
        self.camera.background_color = ManimColor(self.palette.background)
        self.beats: list[Beat] = []
        self.shown: list[Shown] = []
        self.marks: list[Mark] = []
        self.captured_stills: dict[str, np.ndarray] = {}
        self.current_beat: str | None = None
        self._motion_end = 0.0

    def add_subtitle_band(self) -> None:
        """Make the video taller by a band under the picture, where the burned-in captions go.

        The scene lays itself out in the frame as always, so a caption is never drawn over it and
        the picture above the band is the unburned render's.
        """
        pixels = config.pixel_height * theme.SUBTITLE_BAND / config.frame_height
        height = config.pixel_height + 2 * round(pixels / 2)  # video encoders want an even height
        config.pixel_height = height  # the movie writer opens its streams at this size
        self.camera.reset_pixel_shape(height, config.pixel_width)  # keeps the frame's width: its height grows
        self.camera.frame_center = DOWN * (self.camera.frame_height - config.frame_height) / 2

    @property
    def rnn(self) -> RNN:
        return trained_rnn()

    @property
    def inputs(self) -> np.ndarray:
        """The one-hot rows (T, 7) of this scene's Reber string."""
        return reber.encode(self.reber_string)

    @property
    def is_lecture(self) -> bool:
        return hasattr(self, "next_slide")

    @property
    def pause_count(self) -> int:
        """Pause points so far: one at the end of every beat."""
        return len(self.beats)

    # Beats -------------------------------------------------------------------

    def begin_beat(self, name: str, caption: str) -> None:
        if self.current_beat is not None:
            raise RuntimeError(f"beat {name!r} starts inside beat {self.current_beat!r}; beats do not nest")
        self.current_beat = name
        self._beat_start = self._motion_end = self.renderer.time
        self._beat_caption = caption
        self._burned = None
        if self.is_lecture:
            # manim-slides gives a next_slide's notes to the slide it opens: the beat's own slide.
            self.next_slide(notes=caption)
        if self.burn_subtitles:
            from lstm_explainer.scenes.components.text import subtitle

            self._burned = subtitle(self.palette, caption)
            self.add(self._burned)

    def end_beat(self) -> None:
        """Hold the picture still while the caption is read, then mark the pause point."""
        caption = self._beat_caption
        if not self.is_lecture:
            # whole frames, rounded up, and a hair more: manim freezes int(duration * rate) frames
            moving = self._motion_end - self._beat_start
            frames = math.ceil(hold_seconds(caption, moving) * config.frame_rate - 1e-9)
            self.wait(frames / config.frame_rate + 1e-6)
        else:
            # A slide ends on its beat's finished picture (what the deck shows when it has played, and the handout
            # and PowerPoint print): manim draws an animation's frames before its end, so one still frame shows it.
            self.wait(1 / config.frame_rate + 1e-6)
        end = self.renderer.time
        if config.write_to_movie:  # manim writes the .srt beside the movie; a dry build has none
            self.add_subcaption(caption, duration=end - self._beat_start, offset=self._beat_start - end)
        self.beats.append(Beat(self.current_beat, caption, self._beat_start, end, end - self._motion_end))
        if self._burned is not None:
            self.remove(self._burned)
        self.current_beat = None

    @property
    def reading(self) -> float:
        """The reading time of the beat playing now: its motion can be paced by it."""
        return reading_seconds(self._beat_caption)

    def paced(self, *steps, share: float = theme.MOTION_SHARE_OF_READING) -> None:
        """Play `steps` one after another, stretched together to `share` of the caption's reading time.

        A step is an animation or a tuple of animations played at once. Each keeps its share of the
        whole from its own run time, so a beat's picture builds while its caption is read, in the
        caption's order, instead of arriving in a second and then standing still.
        """
        steps = [step if isinstance(step, tuple) else (step,) for step in steps]
        own = np.array([max(animation.get_run_time() for animation in step) for step in steps])
        # whole frames, each step ending on the frame nearest its stretched end: the video's frames then
        # stay evenly spaced (a step of a fraction of a frame leaves a short frame where the movie joins)
        ends = np.round(np.cumsum(own) * share * self.reading / own.sum() * config.frame_rate)
        frames = np.maximum(np.diff(ends, prepend=0), 1)
        for step, count in zip(steps, frames):
            self.play(*step, run_time=count / config.frame_rate - 1e-6)  # manim draws ceil(run_time * rate) frames

    def play(self, *args, **kwargs) -> None:
        if self.settings.motionless:  # a build for its numbers only (render.py values): no motion, no waiting
            from lstm_explainer.scenes.motionless import settle

            settle(self, *args)
            return
        super().play(*args, **kwargs)
        if not all(isinstance(animation, Wait) for animation in args):  # Scene.wait plays a Wait: no motion
            self._motion_end = self.renderer.time

    # Numbers on screen ---------------------------------------------------------

    def record(
        self,
        quantity: str,
        index: dict,
        value: float,
        text: str,
        string: str | None = None,
        beat: str | None = None,
        label: str = "",
    ) -> str:
        """Note that `text`, showing `value` of `quantity` at `index`, is being drawn; return `text`.

        `beat` names the beat that shows the number when it is built earlier (to lay out the
        frame); by default it is the beat playing now. `label` is what the viewer reads the number
        by (its heading, axis, legend entry or the symbol beside it), as plain text of what is drawn.
        """
        self.shown.append(Shown(**self.drawn_where(string, beat), quantity=quantity, index=dict(index),
                                value=float(value), text=text, label=label))
        return text

    def mark(self, kind: str, target: str, index: dict, string: str | None = None, beat: str | None = None) -> None:
        """Note that a highlight of `kind` is drawn on the `target` at `index` (see `Mark`)."""
        self.marks.append(Mark(**self.drawn_where(string, beat), kind=kind, target=target, index=dict(index)))

    def drawn_where(self, string: str | None, beat: str | None) -> dict:
        """The scene, beat and string a number or highlight drawn now belongs to (the beat playing and the
        scene's string unless named)."""
        return {"scene": type(self).__name__, "beat": beat or self.current_beat or "",
                "string": self.reber_string if string is None else string}

    def numeral(
        self,
        quantity: str,
        index: dict,
        value: float,
        digits: int = numbers.SIGNIFICANT_DIGITS,
        string: str | None = None,
        beat: str | None = None,
        label: str = "",
    ) -> Numeral:
        """`value` typeset for the screen (``.text``, ``.tex()``), recorded as drawn with its `label`."""
        shown = numbers.numeral(value, digits)
        self.record(quantity, index, value, shown.text, string, beat, label)
        return shown

    def plotted(
        self, quantity: str, index: dict, values, along: str = "k", string: str | None = None, label: str = ""
    ) -> np.ndarray:
        """`values` drawn as the points of a curve, one per `along` = 0, 1, ...; recorded with the curve's
        `label` (its legend entry), returned to be drawn."""
        values = np.asarray(values, dtype=float)
        for n, value in enumerate(values):
            self.record(quantity, {**index, along: n}, value, "", string, label=label)
        return values

    def tear_down(self) -> None:
        """Fade the last picture to the background, so scenes joined into one film flow into each other.

        Only a video of a scene that says ``fade_out`` fades: a last frame, a still, a lecture's last
        slide, and a scene that hands its picture on to the next keep the picture.
        """
        super().tear_down()
        self.content_end = self.renderer.time  # the last frame of the picture, before any fade: web clips end there
        if self.fade_out and config.write_to_movie and not config.save_last_frame and not self.is_lecture and self.mobjects:
            # manim's FadeOut's frames without its two deep copies of everything on screen (an image: manim's)
            fade = Dissolve if fades_in_place(*self.mobjects) else FadeOut
            self.play(fade(*self.mobjects), run_time=theme.SCENE_FADE)

    # Stills ------------------------------------------------------------------

    def capture_still(self, name: str, *leave_out: Mobject) -> None:
        """Keep the current frame as the post's figure `name` when stills are asked for.

        The still is this very frame of the scene, less the `leave_out` mobjects (a
        heading, say), so the figure and the video can never disagree; the
        rendering side crops and saves it.
        """
        if name not in self.stills:
            raise ValueError(f"{type(self).__name__} does not declare the still {name!r}")
        if not self.capture_stills:
            return
        on_screen, static_image = list(self.mobjects), self.renderer.static_image
        self.remove(*leave_out)
        self.renderer.static_image = None  # a cached backdrop of the last animation would keep what we left out
        self.renderer.update_frame(self, ignore_skipping=True)
        self.captured_stills[name] = self.renderer.get_frame().copy()
        self.mobjects, self.renderer.static_image = on_screen, static_image
