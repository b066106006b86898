"""The film's opening: its title, the question it answers, the post it follows, and the road through it."""

from __future__ import annotations

from manim import DOWN, LEFT, UP, FadeIn, FadeOut, LaggedStart, VGroup, Write

from lstm_explainer import scenes
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.text import caption, title
from lstm_explainer.scenes.story import StoryScene, beat

POST_TITLE = "Understanding LSTMs and Vanishing Gradients in RNNs"
QUESTION = "Why does a recurrent network forget,\nand how does an LSTM remember?"


class Opening(StoryScene):
    scene_id = "opening"
    title = "Why RNNs forget and LSTMs remember"
    section = "the post's introduction"
    approx_seconds = 24
    road_pitch = 0.55  # the chapter list's line pitch

    def construct(self):
        self.ask_the_question()
        self.show_the_road()

    @beat(
        "This film follows the error of a small recurrent network back through time, "
        "to see why it fades and how the LSTM keeps it."
    )
    def ask_the_question(self) -> None:
        p = self.palette
        heading = title(p, self.title)
        question = caption(QUESTION, theme.HEADING_SIZE, p.text).next_to(heading, DOWN, buff=1.2, aligned_edge=LEFT)
        source = caption(f"after the post “{POST_TITLE}”", theme.LABEL_SIZE, p.muted).next_to(question, DOWN, buff=0.8, aligned_edge=LEFT)
        self.play(FadeIn(heading, shift=0.2 * DOWN), run_time=theme.NORMAL)
        self.play(Write(question), run_time=theme.SLOW)
        self.play(FadeIn(source), run_time=theme.NORMAL)
        self.opening_text = VGroup(heading, question, source)

    @beat("Every number on screen comes from a real network trained on the Reber grammar, computed as the film is made.")
    def show_the_road(self) -> None:
        p = self.palette
        chapters = [scene.title for scene in scenes.in_story_order() if scene.scene_id != self.scene_id]
        heading = title(p, "How the film goes")
        lines = [caption(f"{number}.  {name}", theme.BODY_SIZE, p.text) for number, name in enumerate(chapters, start=1)]
        # One line pitch for every line, whatever its ascenders and descenders.
        for row, line in enumerate(lines):
            line.move_to(row * self.road_pitch * DOWN, aligned_edge=LEFT)
        road = VGroup(*lines).next_to(heading, DOWN, buff=0.6, aligned_edge=LEFT)
        self.play(FadeOut(self.opening_text), FadeIn(heading))
        self.play(LaggedStart(*(FadeIn(line, shift=0.2 * UP) for line in road), lag_ratio=0.15), run_time=theme.SLOW)
