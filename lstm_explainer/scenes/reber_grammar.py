"""The Reber grammar: the graph, a walk that writes the scene's string, the 7-4-7 RNN predicting it, the embedded grammar."""

from __future__ import annotations

from manim import *

from lstm_explainer.model import flow, reber
from lstm_explainer.scenes import grammar_score, lstm_values, theme
from lstm_explainer.scenes.components.grammar import GrammarGraph
from lstm_explainer.scenes.components.graph import node_row, weighted_edges
from lstm_explainer.scenes.components.text import caption, title
from lstm_explainer.scenes.lstm_chapter import LSTMChapterScene
from lstm_explainer.scenes.story import beat


class ReberGrammar(LSTMChapterScene):
    scene_id = "reber-grammar"
    title = "The Reber grammar"
    section = "the post's side note on the Reber grammar"
    approx_seconds = 56
    max_string_length = 20  # one grid column per symbol across the frame

    graph_unit = 0.78  # the grammar graph's base scale (it leaves once the grid of predictions needs the room)
    walk_scale = 1.77  # while it is walked the graph is this much larger
    walk_x = 0.5  # and centred here, under the title
    walk_string_gap = 0.55  # the big graph's bottom to the string its walk writes
    string_gap = 0.45  # the title to the written string, which heads the grid of predictions (the graph on its right)
    grid_left = -5.55  # the grid's left edge, right of its row heads read and next
    legend_left = 1.2  # the score's and the network's left edge, right of the grid
    legend_gap = 0.3  # the grid's last row to the legend under it, in one row
    thumbnail_scale = 0.64  # the two copies of the graph in the embedded grammar: as tall as the room over the string allows (0.6 cramped)
    thumbnail_top = 0.5  # their distance from the top edge: the top S loop right of the title, the memory note under the string clear of the subtitles
    thumbnail_gap = 0.5  # between the two copies: the upper one's T loop clear of the lower one's S loop (0.4 cramped)
    embedded_symbol_size = 34  # every symbol on the embedded grammar's arrows (12 px x-height at 480p), and its string's
    thumbnail_label_push = 2.15  # a copy's symbol's distance from its arrow's middle, grown with it (clear of the arrow:
    # at 1.9 letters touched their arrows at 480p)
    memory_rise = 0.28  # the embedded picture rises this much as the last beat starts: its key line clear of the subtitles
    link_sag = 0.22  # how far below the embedded string the arc from the remembered symbol to its repeat dips
    thumbnail_loop = 1.5  # a self-loop in those copies, grown about where it meets its node
    thumbnail_loop_tip = 1.3  # a self-loop's arrow tip in those copies, times its scaled-down size
    tokens_gap = 0.18  # the embedded diagram to the string its walk writes (the memory note under it clear of the subtitles)
    token_radius = 0.11  # the token that walks the graph
    walk_speedup = 0.97  # each edge of the walk takes this share of the time of the one before
    embedded_step = 1.0  # one outer arrow (B, the branch, E) of the walk through the embedded grammar: about a second
    embedded_inner = 2.0  # the inner Reber string (walked in the first beat) lit and written at once, in order
    grid_cell = 0.72  # one row of the grid of predictions (symbols down): it fills the frame's height
    grid_column = 0.62  # one column of it (steps across), for a short string
    grid_width = 6.3  # the most the grid's columns take: a long string's columns close up to fit it
    grid_dot_radius = 0.065  # an empty place in that grid: a dot seen at 480p (4 px across), in the receding colour
    net_node_gap = 0.62  # the network right of the grid (the graph has left): node to node in a layer
    net_node_radius = 0.19
    net_symbol_gap = 0.2  # a symbol to its node's rim in the network: clear of it
    net_layer_gap = 2.0  # and layer to layer, inputs on the left
    net_symbol_size = theme.BODY_SIZE  # its symbols and layer names: what the beat talks about, read at 480p
    tile_size = 0.21  # one new string in the score: a square, not a speck, at 480p (13 px)
    tile_columns = 20  # tiles in a row of the score (116 new strings: six rows)
    tile_gap = 0.06
    tiles_gap = 0.2  # the legend to the score under it, the score to the tiles under it
    grid_square = 0.28  # a score above 0.5 in it
    grid_ring = 0.22  # the radius of a ring round an allowed next symbol in it

    def construct(self):
        self.walk_string(string=self.reber_string)
        self.read_with_rnn()
        self.check_steps()
        self.score_unseen_strings()
        self.show_embedded_grammar()
        self.embedded_walk_beat()
        self.remember_beat()

    # ------------------------------------------------------------ beats

    @beat("A Reber string is a walk through this graph from B to E, each arrow writing its symbol: here {string}.")
    def walk_string(self, string: str):
        p = self.palette
        self.heading = title(self.palette, "The Reber grammar").to_edge(LEFT, buff=theme.FRAME_MARGIN)
        graph = self.graph = GrammarGraph(self.palette, self.graph_unit).to_corner(UR, buff=theme.FRAME_MARGIN)
        self.string_y = self.heading.get_bottom()[1] - self.string_gap
        graph.scale(self.walk_scale).next_to(self.heading, DOWN, buff=0.1).set_x(self.walk_x)
        VGroup(graph.nodes, graph.names).set_z_index(1)  # the letters flying down to the string pass under the nodes
        token = Dot(graph.node(reber.START).get_center(), radius=self.token_radius * self.walk_scale, color=p.input).set_z_index(2)
        moves = list(reber.moves(string))
        self.letters = VGroup(*(self.letter(move.symbol, t) for t, move in enumerate(moves)))
        self.letters.set_y(graph.get_bottom()[1] - self.walk_string_gap).set_x(graph.get_x())
        steps = [(FadeIn(self.heading), Create(graph.edges), FadeIn(graph.nodes, graph.names, graph.labels)),
                 FadeIn(token, scale=2, run_time=theme.FAST)]
        run_time = theme.GRAMMAR_STEP
        for t, move in enumerate(moves):
            edge = graph.edge(move.source, move.symbol)
            self.mark("lit", "edge", {"t": t + 1, "from": str(move.source), "to": str(move.target), "symbol": move.symbol})
            label = graph.label(move.source, move.symbol)
            steps.append((MoveAlongPath(token, edge, run_time=run_time), edge.animate(run_time=run_time).set_color(p.input).build(),
                          label.animate(run_time=run_time).set_color(p.input).build(),
                          FadeIn(self.letters[t], shift=0.25 * DOWN, run_time=run_time)))
            run_time = max(run_time * self.walk_speedup, theme.GRAMMAR_STEP_FASTEST)
        steps.append(FadeOut(token))  # the walk stays lit: the path that wrote the string
        self.paced(*steps)

    @beat("The small RNN we unroll next reads it, a symbol a step: squares mark "
          "scores above 0.5, rings what the grammar allows.")
    def read_with_rnn(self):
        p = self.palette
        values = lstm_values.reading(self.rnn, self.reber_string)
        rows = VGroup(
            *(
                Text(s, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.text).move_to(self.cell_point(-1, k))
                for k, s in enumerate(reber.SYMBOLS)
            )
        )
        head = caption("read", theme.LABEL_SIZE, p.text).next_to(rows, LEFT, buff=0.15)
        head.set_y(self.string_y)
        # the rows' head runs up beside them, clear of the B row
        next_head = caption("next symbol", theme.LABEL_SIZE, p.text).rotate(PI / 2).next_to(rows, LEFT, buff=0.2)
        self.legend = self.get_legend(values).next_to(rows, DOWN, buff=self.legend_gap)  # under the grid, in one row
        self.legend.align_to(rows, LEFT)
        self.net = self.get_network()
        self.net.move_to([self.legend_left + self.net.width / 2, rows.get_y(), 0])
        # what the small network is, over it: the symbol read goes in, the next symbol's scores come out
        self.net_note = caption("the RNN: symbol read in, scores out", theme.LABEL_SIZE, p.text)
        self.net_note.next_to(self.net.names, UP, buff=0.2).set_x(self.net.get_x())
        self.net.add(self.net_note)
        columns = [self.prediction_column(t, values) for t in range(len(self.reber_string))]
        homes = [self.letter(letter.text, t) for t, letter in enumerate(self.letters)]
        # the column of the symbol being read, lit from the first read on and stepping along with the reads
        spans = [VGroup(home, *column) for home, column in zip(homes, columns)]
        cursor = self.read_cursor = Rectangle(width=min(spans[0].width + 0.12, self.column), height=spans[0].height + 0.12,
                                              color=p.input, stroke_width=2).set_fill(p.input, opacity=0.12).move_to(spans[0])
        cursor.set_z_index(-1)
        # the graph leaves (not in play any more); the string becomes the grid's head; the network, large on the
        # right, reads it a symbol a column, the legend naming the marks with the first column, which shows them
        reads = [(Indicate(letter, color=p.input, scale_factor=1.4, run_time=theme.SWEEP * 4), FadeIn(column, shift=0.15 * DOWN),
                  *self.network_reads(t, values),
                  *((FadeIn(self.legend, shift=0.15 * UP), FadeIn(cursor)) if t == 0 else
                    (cursor.animate(run_time=theme.SWEEP * 2).move_to(spans[t]).build(),)))
                 for t, (letter, column) in enumerate(zip(self.letters, columns))]
        self.paced(
            (FadeOut(self.graph), *(Transform(letter, home) for letter, home in zip(self.letters, homes))),
            (FadeIn(self.net.nodes, self.net.names, self.net.symbols, self.net_note), Create(self.net.edges, lag_ratio=0.02)),
            FadeIn(rows, head, next_head),
            *reads,
        )
        self.grid = VGroup(rows, head, next_head, *columns)
        self.columns = columns
        self.reading_values = values

    @beat("Correct: a square on every ring and nowhere else, at every step.")
    def check_steps(self):
        p = self.palette
        # a frame steps along the string's columns, each a step where the squares must sit on the rings, and stays on
        # the last (the network that made them stays beside the grid)
        spans = [VGroup(self.letters[t], *self.columns[t]) for t in range(len(self.columns))]
        # round a column, no wider than it: a long string's columns close up, and the frame stays off its neighbours
        frame = self.check_frame = Rectangle(width=min(spans[0].width + 0.12, self.column), height=spans[0].height + 0.12,
                                             color=p.text, stroke_width=2).move_to(spans[0])
        # the network beside it follows the frame: the symbol of the framed column read in, its scores above 0.5 out
        values = self.reading_values
        moves = []
        for t, span in enumerate(spans, start=1):
            self.mark("box", "step", {"t": t})
            for k, symbol in enumerate(reber.SYMBOLS, start=1):  # the network's outputs it fills at that step
                if symbol in values.predicted[t - 1]:
                    self.mark("lit", "output", {"t": t, "k": k})
            if t > 1:
                moves.append((frame.animate(run_time=theme.SWEEP * 2).move_to(span).build(), *self.network_reads(t - 1, values)))
        self.paced((FadeOut(self.read_cursor, run_time=theme.FAST), Create(frame, run_time=theme.FAST), *self.network_reads(0, values)),
                   *moves)

    @beat("On new strings, never seen in training, it is just as right.")
    def score_unseen_strings(self):
        p = self.palette
        score = grammar_score.unseen_score(self.rnn)
        correct = self.counted("unseen_correct", score.index, score.correct, "new strings right at every step")
        count = self.counted("unseen_count", score.index, score.count, "new strings")
        training = self.counted("training_distinct", score.index, score.training, "strings it trained on")
        # what the tiles are (how many strings, and that they are new) arrives with them; the score as they fill
        key = caption(f"{count} strings it never saw\n(it trained on {training} others),\na square each", theme.LABEL_SIZE, p.text)
        text = caption(f"right at every step: {correct} of {count}", theme.BODY_SIZE, p.output)  # the light green of the tiles it counts
        # one small square per new string, filled green as the network gets it right at every step
        tiles = VGroup(*(Square(self.tile_size, color=p.good, stroke_width=1.5) for _ in score.right))
        tiles.arrange_in_grid(cols=self.tile_columns, buff=self.tile_gap)
        VGroup(key, tiles, text).arrange(DOWN, buff=self.tiles_gap, aligned_edge=LEFT)
        VGroup(key, tiles, text).move_to(self.net)  # where the network was, beside the grid
        VGroup(key, tiles, text).set_x(self.legend_left + VGroup(key, tiles, text).width / 2)
        fills = [tile.animate.set_fill(p.output if right else p.text, opacity=1).build() for tile, right in zip(tiles, score.right)]
        # the network and the check's frame make room for the new strings; they are read, each tile filling as its string comes out
        # right; then the score
        self.paced(FadeOut(self.net, self.check_frame, run_time=theme.FAST), (FadeIn(key), Create(tiles, lag_ratio=0.01, run_time=theme.FAST)),
                   LaggedStart(*fills, lag_ratio=0.05, run_time=theme.SLOW * 2), FadeIn(text))  # the score once all are filled
        self.score_text = VGroup(key, tiles, text)

    @beat("The embedded grammar wraps a Reber string in B T … T E or B P … P E.")
    def show_embedded_grammar(self):
        p = self.palette
        copies = VGroup(*(GrammarGraph(p).scale(self.thumbnail_scale) for _ in "TP"))
        for copy in copies:  # scaled down: the arrows' symbols grown back to be read and moved out from their arrows as
            copy.remove(copy.names)  # much (none sits on its arrow), the states' numbers dropped (not needed here)
            for (source, symbol), label in copy.label_map.items():
                label.scale(self.embedded_symbol_size / theme.LABEL_SIZE / self.thumbnail_scale)
                edge = copy.edge(source, symbol)
                if copy.node_map[source] is not copy.node_map[reber.TRANSITIONS[source][symbol]]:
                    middle = (edge.get_start() + edge.get_end()) / 2
                    label.move_to(middle + self.thumbnail_label_push * (label.get_center() - middle))
        for copy in copies:  # scaled down, a self-loop hugs its node: it bulges further out, its tip kept visible
            for state, side in ((1, UP), (2, DOWN)):
                loop, node = copy.edge(state, "TS"[state == 1]), copy.node(state)
                loop.scale(self.thumbnail_loop, about_point=node.get_center() + side * node.height / 2)
                loop.tip.scale(self.thumbnail_loop_tip, about_point=loop.tip.tip_point)
                copy.label(state, "TS"[state == 1]).next_to(loop, LEFT, buff=0.06)  # its symbol beside it, clear of it
        copies.arrange(DOWN, buff=self.thumbnail_gap).to_edge(UP, buff=self.thumbnail_top)
        names = VGroup(*(caption("Reber graph", theme.LABEL_SIZE, p.text) for _ in copies))
        for name, copy, edge in zip(names, copies, (UP, DOWN)):  # by each copy's exit, outside the diamond: far from the title
            exit_dot = copy.node(reber.ACCEPT)
            name.next_to(exit_dot, RIGHT, buff=0.12).next_to(exit_dot, edge, buff=0.12, coor_mask=UP)
        start = Dot(copies.get_left() + 1.6 * LEFT, radius=0.1, color=p.muted)
        close = Dot(copies.get_right() + 1.6 * RIGHT, radius=0.1, color=p.muted)
        begin = Dot(start.get_center() + 1.2 * LEFT, radius=0.1, color=p.muted)
        end = Dot(close.get_center() + 1.2 * RIGHT, radius=0.1, color=p.muted)
        arrows = VGroup()
        labels = VGroup()

        def arrow(a, b, symbol):
            line = Arrow(a, b, buff=0.12, color=p.muted, stroke_width=theme.GRAMMAR_EDGE_WIDTH, tip_length=0.16)
            arrows.add(line)
            label = Text(symbol, font=theme.MONO_FONT, font_size=self.embedded_symbol_size, color=p.cell if symbol in "TP" else p.text)
            # labels sit on the outside of the diamond, off their arrow's middle square to it (none on a slanted arrow)
            outside = UP if line.get_center()[1] >= start.get_center()[1] else DOWN
            along = (b - a) / np.linalg.norm(b - a)
            normal = np.array([-along[1], along[0], 0.0])
            normal *= np.sign(np.dot(normal, outside))
            labels.add(label.move_to(line.get_center() + (0.1 + np.hypot(label.width, label.height) / 2) * normal))

        arrow(begin.get_center(), start.get_center(), "B")
        for copy, branch in zip(copies, "TP"):
            arrow(start.get_center(), copy.node(reber.START).get_center(), branch)
            arrow(copy.node(reber.ACCEPT).get_center(), close.get_center(), branch)
        arrow(close.get_center(), end.get_center(), "E")
        self.embedded_parts = VGroup(copies, names, begin, start, close, end, arrows, labels)

        def branch(n: int):  # the branch into copy n and out of it, with its symbols
            return (GrowArrow(arrows[1 + 2 * n]), FadeIn(labels[1 + 2 * n]), Create(copies[n]), FadeIn(names[n]),
                    GrowArrow(arrows[2 + 2 * n]), FadeIn(labels[2 + 2 * n]))

        self.wrappings = self.get_wrappings()
        self.wrappings.next_to(self.embedded_parts, DOWN, buff=self.tokens_gap)
        # in the caption's order (the grid leaving as B comes in): B, the T branch round one copy, the P branch round
        # the other, E; then the two wrappings, written where the walk of the next beat writes our string
        self.paced(
            (FadeOut(self.letters, self.grid, self.legend, self.score_text), FadeIn(begin, start), GrowArrow(arrows[0]),
             FadeIn(labels[0])),
            (*branch(0), FadeIn(close)),
            branch(1),
            (FadeIn(end), GrowArrow(arrows[5]), FadeIn(labels[5])),
            FadeIn(self.wrappings, shift=0.15 * DOWN),
        )
        self.copies = copies

    def get_wrappings(self) -> VGroup:
        """B T ... T E or B P ... P E: the two ways the embedded grammar wraps a Reber string, in its symbols' size,
        the branch symbols in the branches' colour."""
        p = self.palette

        def wrapping(branch: str) -> VGroup:
            return VGroup(*(Text(s, font=theme.MONO_FONT, font_size=self.embedded_symbol_size,
                                 color=p.cell if s == branch else p.text) for s in f"B{branch}…{branch}E")).arrange(RIGHT, buff=0.24)

        return VGroup(wrapping("T"), caption("or", self.embedded_symbol_size, p.text), wrapping("P")).arrange(RIGHT, buff=0.6)

    @beat("Here it wraps our string; a larger RNN and an LSTM face such strings at the end.")
    def embedded_walk_beat(self):
        # a token walks the scene's string embedded, writing it under the graph: the outer arrows one by one, the
        # inner string (the first beat's walk) at once
        self.paced(*self.embedded_walk(self.copies, self.embedded_parts[6]))

    @beat("Predicting the second-to-last symbol means remembering the second, read many steps before.")
    def remember_beat(self):
        self.paced(*self.long_memory())

    def embedded_walk(self, copies: VGroup, arrows: VGroup) -> list:
        """A token walks the embedded string through the diagram (B, the branch, the string through its copy of the
        graph, the branch again, E), each arrow writing its symbol under the diagram: the steps for `paced`."""
        p = self.palette
        embedded = self.embedded
        # the branch symbols (second and second-to-last) in the colour of the branches' T and P in the diagram
        branch = (1, len(embedded) - 2)
        tokens = self.tokens = VGroup(
            *(Text(s, font=theme.MONO_FONT, font_size=self.embedded_symbol_size, color=p.cell if n in branch else p.text)
              for n, s in enumerate(embedded))
        ).arrange(RIGHT, buff=0.24)
        tokens.next_to(self.embedded_parts, DOWN, buff=self.tokens_gap)
        n = "TP".index(embedded[1])
        copy = copies[n]
        inner = [copy.edge(move.source, move.symbol) for move in reber.moves(embedded[2:-2])]
        before, after = [arrows[0], arrows[1 + 2 * n]], [arrows[2 + 2 * n], arrows[5]]
        token = Dot(before[0].get_start(), radius=self.token_radius, color=p.input).set_z_index(2)

        def outer(edge, symbol):  # one arrow taken, its symbol written
            return (MoveAlongPath(token, edge, run_time=self.embedded_step),
                    FadeIn(symbol, shift=0.15 * DOWN, run_time=self.embedded_step))

        # through the copy the inner string lights its edges in order as its symbols are written
        inner_walk = (Succession(*(MoveAlongPath(token, edge) for edge in inner), run_time=self.embedded_inner),
                      LaggedStart(*(edge.animate.set_color(p.input) for edge in inner), lag_ratio=1, run_time=self.embedded_inner),
                      LaggedStart(*(FadeIn(symbol, shift=0.15 * DOWN) for symbol in tokens[2:-2]), lag_ratio=1,
                                  run_time=self.embedded_inner))
        return [(FadeOut(self.wrappings, run_time=theme.FAST), FadeIn(token, scale=2, run_time=theme.FAST)), outer(before[0], tokens[0]), outer(before[1], tokens[1]),
                inner_walk, outer(after[0], tokens[-2]), outer(after[1], tokens[-1]), FadeOut(token, run_time=theme.FAST)]

    def long_memory(self) -> list:
        """The embedded string, the remembered symbol and the one that repeats it boxed, and the step that predicts
        it: the steps that show them, in order."""
        p = self.palette
        embedded, tokens = self.embedded, self.tokens
        repeated = flow.dependent_position(embedded)
        first, second = tokens[flow.REMEMBERED - 1], tokens[repeated - 1]
        for position in (flow.REMEMBERED, repeated):
            self.mark("box", "symbol", {"t": position}, string=embedded)
        boxes = VGroup(*(SurroundingRectangle(tok, color=p.cell, buff=0.08) for tok in (first, second)))
        chord = boxes[1].get_bottom()[0] - boxes[0].get_bottom()[0]  # the arc sags as deep for any string's length
        link = CurvedArrow(boxes[0].get_bottom(), boxes[1].get_bottom(), angle=4 * np.arctan(2 * self.link_sag / chord),
                           color=p.cell, tip_length=0.16)
        lag = flow.prediction_step(embedded) - flow.REMEMBERED
        step, predicts, same, before = "step", "predicts symbol", "a repeat of symbol", "steps before"
        tau = self.counted("tau", {}, flow.prediction_step(embedded), step, string=embedded)
        symbol = self.counted("predicted_position", {}, repeated, predicts, string=embedded)
        remembered = self.counted("remembered_position", {}, flow.REMEMBERED, same, string=embedded)
        lag_text = self.counted("memory_lag", {"position": flow.REMEMBERED}, lag, before, string=embedded)
        note = caption(f"{step} {tau}'s output {predicts} {symbol}, {same} {remembered}, read {lag_text} {before}",
                       theme.LABEL_SIZE, p.text).next_to(link, DOWN, buff=self.token_radius + 0.06)  # clear of the dot on the arc
        # the symbol to predict, then the one it repeats with the arc back to it, then the key line (one line,
        # under the arc); then the remembered symbol travels the arc to where it is needed, and only the symbol it
        # repeats, the second-to-last, swells in its box (the symbols read in between stay as they are: one of them
        # swelling under the passing dot read as the marked one)
        memory = Dot(link.get_start(), radius=self.token_radius, color=p.cell).set_z_index(2)
        travel = theme.SLOW * 3
        # the picture first rises, so the key line under the arc stays clear of the subtitles
        rise = VGroup(*self.embedded_picture()).animate.shift(self.memory_rise * UP).build()
        VGroup(boxes, link, note).shift(self.memory_rise * UP)
        return [rise, Create(boxes[1]), (Create(boxes[0]), Create(link)), Write(note),
                FadeIn(memory, scale=2),
                MoveAlongPath(memory, link, rate_func=linear, run_time=travel),
                (FadeOut(memory, scale=0.3), Indicate(VGroup(boxes[1], second), color=p.cell, scale_factor=1.3))]

    # ------------------------------------------------------------ pieces

    def embedded_picture(self) -> tuple:
        """The embedded grammar's diagram and the string its walk wrote under it."""
        return self.embedded_parts, self.tokens

    def counted(self, quantity: str, index: dict, value: int, label: str, string: str | None = None) -> str:
        """A whole number (a count, a step, a position) as drawn, recorded with what the viewer reads it by."""
        return self.record(quantity, index, value, str(int(value)), string, label=label)

    def cell_point(self, t: int, k: int) -> np.ndarray:
        """The centre of the grid cell for step t (0-based column; -1 = the row labels) and symbol k."""
        cell = self.grid_cell
        return np.array([self.grid_left + (t + 0.5) * self.column, self.string_y - (k + 1.1) * cell, 0.0])

    def letter(self, symbol: str, t: int) -> Text:
        text = Text(symbol, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=self.palette.input)
        return text.move_to([self.cell_point(t, 0)[0], self.string_y, 0])

    @property
    def column(self) -> float:
        """One column of the grid: narrower for a long string, so the grid stays left of the graph."""
        return min(self.grid_column, self.grid_width / len(self.reber_string))

    @property
    def ring_radius(self) -> float:
        return min(self.grid_ring, 0.48 * self.column)

    @property
    def square_side(self) -> float:
        return min(self.grid_square, 0.75 * self.column)

    def prediction_column(self, t: int, values: lstm_values.Reading) -> VGroup:
        """Step t's outputs: a filled square where y > 0.5 (green if allowed, else the text colour), a ring where the grammar allows."""
        p = self.palette
        column = VGroup()
        for k, symbol in enumerate(reber.SYMBOLS):
            centre = self.cell_point(t, k)
            if symbol in values.legal[t]:
                self.mark("ring", "output", {"t": t + 1, "k": k + 1})
                column.add(Circle(radius=self.ring_radius, color=p.good, stroke_width=2.5).move_to(centre))
            if symbol in values.predicted[t]:  # a filled square lights an output scored above one half
                self.mark("lit", "output", {"t": t + 1, "k": k + 1})
                color = p.output if symbol in values.legal[t] else p.text
                column.add(Square(self.square_side, stroke_width=0).set_fill(color, opacity=1).move_to(centre))
            else:
                column.add(Dot(centre, radius=self.grid_dot_radius, color=p.muted))
        return column

    def network_reads(self, t: int, values: lstm_values.Reading) -> list:
        """The small network at step t (0-based): the input of the symbol read lit, the outputs scored above 0.5
        filled (as the grid's squares), the others emptied."""
        p, (inputs, _, outputs) = self.palette, self.net.nodes
        read = reber.INDEX[self.reber_string[t]]
        self.mark("lit", "symbol", {"t": t + 1})
        lit = [node.animate.set_fill(p.input if j == read else p.background, opacity=1).build() for j, node in enumerate(inputs)]
        return lit + [node.animate.set_fill(p.output if symbol in values.predicted[t] else p.background, opacity=1).build()
                      for symbol, node in zip(reber.SYMBOLS, outputs)]

    def get_network(self) -> VGroup:
        """The network the caption names, its layers left to right: inputs x, hidden units h, outputs y, the
        edges as wide as their weights W and V, the symbols beside the inputs and outputs. Parts: ``nodes``,
        ``edges``, ``names``, ``symbols``."""
        p, rnn = self.palette, self.rnn
        step = self.net_node_gap * DOWN
        r = self.net_node_radius
        layers = [node_row(p, rnn.W.shape[1], p.input, step, r), node_row(p, rnn.W.shape[0], p.hidden, step, r),
                  node_row(p, rnn.V.shape[0], p.output, step, r)]
        for n, layer in enumerate(layers):
            layer.shift(n * self.net_layer_gap * RIGHT)
        edges = VGroup(weighted_edges(layers[0], layers[1], rnn.W, p.W), weighted_edges(layers[1], layers[2], rnn.V, p.V))
        top = max(layer.get_top()[1] for layer in layers) + 0.15  # the names in one row over the layers
        names = VGroup(*(MathTex(name, color=color).scale(theme.EQUATION_SCALE).move_to([layers[n].get_x(), top, 0], aligned_edge=DOWN)
                         for n, (name, color) in enumerate((("x_t", p.input), ("h_t", p.hidden), ("y_t", p.output)))))
        symbols = VGroup(*(Text(s, font=theme.MONO_FONT, font_size=self.net_symbol_size, color=p.text).next_to(node, side, buff=self.net_symbol_gap)
                           for layer, side in ((layers[0], LEFT), (layers[2], RIGHT)) for s, node in zip(reber.SYMBOLS, layer)))
        net = VGroup(edges, *layers, names, symbols)
        net.nodes, net.edges, net.names, net.symbols = VGroup(*layers), edges, names, symbols
        return net

    def get_legend(self, values: lstm_values.Reading) -> VGroup:
        """The marks the grid shows, named in one row: "above 0.5, not allowed" only if the network scores such a symbol."""
        p = self.palette
        rows = [
            (Square(self.square_side, stroke_width=0).set_fill(p.output, opacity=1), "score above 0.5"),
            (Circle(radius=self.ring_radius, color=p.good, stroke_width=2.5), "allowed next"),
        ]
        if any(set(predicted) - set(legal) for predicted, legal in zip(values.predicted, values.legal)):
            rows.append((Square(self.square_side, stroke_width=0).set_fill(p.text, opacity=1), "above 0.5, not allowed"))
        return VGroup(
            *(VGroup(mark, caption(text, theme.LABEL_SIZE, p.text)).arrange(RIGHT, buff=0.2) for mark, text in rows)
        ).arrange(RIGHT, buff=0.6)
