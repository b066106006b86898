"""The Reber grammar: the graph, a walk that writes the scene's string, the 7-4-7 RNN predicting it, the embedded grammar."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import reber
from lstm_explainer.scenes import lstm_values, theme
from lstm_explainer.scenes.components.grammar import GrammarGraph
from lstm_explainer.scenes.components.text import caption, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.story import beat


class ReberGrammar(LSTMChapterScene):
    scene_id = "reber-grammar"
    title = "The Reber grammar"
    section = "the post's side note on the Reber grammar"
    approx_seconds = 80
    max_string_length = 20  # one grid column per symbol across the frame

    graph_unit = 0.95  # the grammar graph's scale; it fills the top of the frame, right of the title
    graph_shift = 0.9  # how far right of the centre the graph sits, clear of the title
    string_gap = 0.3  # graph to the written string, which heads the grid of predictions
    grid_left = -6.2
    thumbnail_scale = 0.55  # the two copies of the graph in the embedded grammar
    thumbnail_top = 0.75  # their distance from the top edge, clear of the title
    token_radius = 0.11  # the token that walks the graph
    grid_cell = 0.42  # one output marker in the grid of predictions (symbols down, steps across)
    grid_dot_radius = 0.025  # an empty place in that grid

    def construct(self):
        self.show_grammar()
        self.walk_string(string=self.reber_string)
        self.read_with_rnn()
        self.score_fresh_strings()
        self.show_embedded_grammar()
        self.show_long_memory()

    # ------------------------------------------------------------ beats

    @beat("Reber strings are made by walking this graph from B to E. Every arrow taken writes its symbol.")
    def show_grammar(self):
        self.heading = title(self.palette, "The Reber grammar").to_edge(LEFT, buff=theme.FRAME_MARGIN)
        self.graph = GrammarGraph(self.palette, self.graph_unit).to_edge(UP, buff=theme.FRAME_MARGIN).set_x(self.graph_shift)
        self.string_y = self.graph.get_bottom()[1] - self.string_gap
        self.play(FadeIn(self.heading), Create(self.graph.edges), FadeIn(self.graph.nodes, self.graph.names))
        self.play(LaggedStart(*(FadeIn(label) for label in self.graph.labels), lag_ratio=0.05))

    @beat("A token walks the graph. Where two arrows leave a node it picks one, and the walk writes {string}.")
    def walk_string(self, string: str):
        p = self.palette
        graph = self.graph
        token = Dot(graph.node(reber.START).get_center(), radius=self.token_radius, color=p.input)
        self.letters = VGroup()
        self.play(FadeIn(token, scale=2))
        for t, move in enumerate(lstm_values.walk(string)):
            edge = graph.edge(move.source, move.symbol)
            if len(move.choices) > 1:
                options = [graph.edge(move.source, s) for s in move.choices]
                self.play(*(o.animate.set_color(p.text) for o in options), run_time=theme.SWEEP * 2)
            letter = self.letter(move.symbol, t)
            self.letters.add(letter)
            self.play(
                MoveAlongPath(token, edge),
                edge.animate.set_color(p.input),
                TransformFromCopy(graph.label(move.source, move.symbol), letter),
                *(graph.edge(move.source, s).animate.set_color(p.muted) for s in move.choices if s != move.symbol),
                run_time=theme.GRAMMAR_STEP,
            )
            token.move_to(graph.node(move.target))
        self.play(FadeOut(token), *(e.animate.set_color(p.muted) for e in graph.edges))

    @beat(
        "The trained 7-4-7 network reads the same string one symbol at a time and guesses what may follow. "
        "Filled squares are its outputs above 0.5; rings are the symbols the grammar allows next."
    )
    def read_with_rnn(self):
        p = self.palette
        values = lstm_values.reading(self.rnn, self.reber_string)
        rows = VGroup(
            *(
                Text(s, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.muted).move_to(self.cell_point(-1, k))
                for k, s in enumerate(reber.SYMBOLS)
            )
        )
        head = caption("read", theme.SMALL_SIZE, p.muted).next_to(rows, UP, buff=0.1).align_to(rows, RIGHT)
        head.set_y(self.string_y)
        self.legend = self.get_legend().next_to(self.cell_point(len(self.reber_string), 0), RIGHT, buff=0.6).align_to(rows, UP)
        columns = [self.prediction_column(t, values) for t in range(len(self.reber_string))]
        self.play(FadeIn(rows, head, self.legend))
        self.play(LaggedStart(*(FadeIn(c) for c in columns), lag_ratio=0.6), run_time=theme.SWEEP * 4 * len(columns))
        self.grid = VGroup(rows, head, *columns)
        self.reading_values = values

    @beat("How well has it learned the grammar? Scored on fresh strings it never saw: right means exactly the allowed symbols at every step.")
    def score_fresh_strings(self):
        p = self.palette
        score = lstm_values.fresh_accuracy(self.rnn)
        index = {"strings": score.count, "seed": score.seed}
        correct = self.count_text("fresh_correct", index, score.correct)
        total = self.count_text("fresh_count", index, score.count)
        share = self.numeral("fresh_accuracy", index, score.fraction).text
        text = caption(
            f"fresh strings: {correct} of {total}\nright at every step\n(accuracy {share})",
            theme.LABEL_SIZE,
            p.text,
        )
        text.next_to(self.legend, DOWN, buff=0.5, aligned_edge=LEFT)
        self.play(FadeIn(text, shift=0.2 * UP))
        self.score_text = text

    @beat(
        "The embedded grammar wraps a whole Reber string between B T and T E, or between B P and P E: "
        "two copies of the graph behind two doors."
    )
    def show_embedded_grammar(self):
        p = self.palette
        self.play(FadeOut(self.graph, self.letters, self.grid, self.legend, self.score_text))
        copies = VGroup(*(GrammarGraph(p, labelled=False).scale(self.thumbnail_scale) for _ in "TP"))
        copies.arrange(DOWN, buff=0.35).to_edge(UP, buff=self.thumbnail_top)
        start = Dot(copies.get_left() + 1.6 * LEFT, radius=0.1, color=p.muted)
        close = Dot(copies.get_right() + 1.6 * RIGHT, radius=0.1, color=p.muted)
        begin = Dot(start.get_center() + 1.2 * LEFT, radius=0.1, color=p.muted)
        end = Dot(close.get_center() + 1.2 * RIGHT, radius=0.1, color=p.muted)
        arrows = VGroup()
        labels = VGroup()

        def arrow(a, b, symbol):
            line = Arrow(a, b, buff=0.12, color=p.muted, stroke_width=theme.GRAMMAR_EDGE_WIDTH, tip_length=0.16)
            arrows.add(line)
            label = Text(symbol, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.cell if symbol in "TP" else p.text)
            above = line.get_center()[1] >= start.get_center()[1]  # labels sit on the outside of the diamond
            labels.add(label.next_to(line.get_center(), UP if above else DOWN, buff=0.1))

        arrow(begin.get_center(), start.get_center(), "B")
        for copy, branch in zip(copies, "TP"):
            arrow(start.get_center(), copy.node(reber.START).get_center(), branch)
            arrow(copy.node(reber.ACCEPT).get_center(), close.get_center(), branch)
        arrow(close.get_center(), end.get_center(), "E")
        self.embedded_parts = VGroup(copies, begin, start, close, end, arrows, labels)
        self.play(FadeIn(begin, start, close, end, arrows, labels), Create(copies))

    @beat(
        "To predict the second-to-last symbol the network must still know the second one, "
        "remembered across the whole inner string."
    )
    def show_long_memory(self):
        p = self.palette
        embedded = self.embedded
        tokens = VGroup(
            *(Text(s, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.text) for s in embedded)
        ).arrange(RIGHT, buff=0.22)
        tokens.next_to(self.embedded_parts, DOWN, buff=0.45)
        first, second = tokens[lstm_values.REMEMBERED - 1], tokens[lstm_values.dependent_position(embedded) - 1]
        boxes = VGroup(*(SurroundingRectangle(tok, color=p.cell, buff=0.08) for tok in (first, second)))
        link = CurvedArrow(boxes[0].get_bottom(), boxes[1].get_bottom(), angle=np.pi / 6, color=p.cell, tip_length=0.16)
        lag = lstm_values.prediction_step(embedded) - lstm_values.REMEMBERED
        lag_text = self.count_text("memory_lag", {"position": lstm_values.REMEMBERED}, lag, string=embedded)
        note = caption(
            f"the prediction at step {self.tau_text()} needs symbol {lstm_values.REMEMBERED}, read {lag_text} steps earlier",
            theme.LABEL_SIZE,
            p.text,
        ).next_to(link, DOWN, buff=0.2)
        self.play(FadeIn(tokens))
        self.play(Create(boxes), Create(link), FadeIn(note))

    # ------------------------------------------------------------ pieces

    def cell_point(self, t: int, k: int) -> np.ndarray:
        """The centre of the grid cell for step t (0-based column; -1 = the row labels) and symbol k."""
        cell = self.grid_cell
        return np.array([self.grid_left + (t + 0.5) * cell, self.string_y - (k + 1.1) * cell, 0.0])

    def letter(self, symbol: str, t: int) -> Text:
        text = Text(symbol, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=self.palette.input)
        return text.move_to([self.cell_point(t, 0)[0], self.string_y, 0])

    def prediction_column(self, t: int, values: lstm_values.Reading) -> VGroup:
        """Step t's outputs: a filled square where y > 0.5 (red if not allowed), a ring where the grammar allows."""
        p = self.palette
        column = VGroup()
        for k, symbol in enumerate(reber.SYMBOLS):
            centre = self.cell_point(t, k)
            if symbol in values.legal[t]:
                column.add(Circle(radius=0.15, color=p.good, stroke_width=2.5).move_to(centre))
            if symbol in values.predicted[t]:
                color = p.output if symbol in values.legal[t] else p.bad
                column.add(Square(0.17, stroke_width=0).set_fill(color, opacity=1).move_to(centre))
            else:
                column.add(Dot(centre, radius=self.grid_dot_radius, color=p.dim))
        return column

    def get_legend(self) -> VGroup:
        p = self.palette
        rows = [
            (Square(0.17, stroke_width=0).set_fill(p.output, opacity=1), "output above 0.5"),
            (Circle(radius=0.15, color=p.good, stroke_width=2.5), "allowed next"),
            (Square(0.17, stroke_width=0).set_fill(p.bad, opacity=1), "above 0.5, not allowed"),
        ]
        return VGroup(
            *(VGroup(mark, caption(text, theme.SMALL_SIZE, p.text)).arrange(RIGHT, buff=0.2) for mark, text in rows)
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
