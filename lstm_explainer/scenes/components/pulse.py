"""The error you can see: a pulse leaving the loss at step tau and travelling back along an unrolled chain.

One chain over the whole embedded string, every step a node (the state after
reading that symbol, the symbol under it).  The loss L_tau sits over the step
that predicts the repeated symbol.  Going back, the pulse passes one tile per
step, the factor that step multiplies the error by, and its width and
brightness show the share of the error still alive, on a log scale
(:func:`level`), with the running share written under it.

- ``ErrorPulse(scene, flow, "rnn")``: the 18-unit RNN; tile t is
  ``error_factor{t}`` = ||dL_tau/dh_(t-1)|| / ||dL_tau/dh_t||, the label
  ``rnn_error_share{t}``.
- ``ErrorPulse(scene, flow, "lstm")``: the LSTM's cell-state highway, one lane
  per cell unit (unit 1 on top); tile (t, u) is the glyph of ``f{t, unit}``
  (lit as brightly as f is close to 1), each lane's trail (and dot) as wide and bright as the error
  that unit's cell holds at that step, ``lstm_cell_error{t, unit}`` (on the lanes' log scale: red where
  a cell holds error, thin or gone where it holds next to none); the label is the whole state's share
  ``lstm_state_share{t}``, gates included. What a lane's f's multiply to is a scene's written number, never its red.

Both running labels go by one name, :data:`SHARE_NAME`, in every scene that draws them.
The RNN's tiles, each number on one line, stand in one row when they fit between the
steps, else in two alternating rows, each box's tick down to its link (a power of ten, or a long string, leaves too
little room).

Every value is recorded through the scene (``numeral`` / ``record``) when the
picture is built.  :func:`travel` plays one or more pulses back together;
:func:`hook_picture` builds the Opening's pair of chains, :func:`ending_picture` RNNvsLSTM's replay of it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Circle,
    Create,
    Dot,
    FadeIn,
    Flash,
    Indicate,
    Line,
    RoundedRectangle,
    Square,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
    config,
    linear,
    rush_from,
)

from lstm_explainer.model.flow import REMEMBERED, ErrorFlow, error_flow
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.text import caption, line

KINDS = ("rnn", "lstm")
SHARE_NAME = "share of the error left"  # the running share's one name: of the error at tau, the part left at step t


def level(share: float, decades: float = theme.PULSE_DECADES) -> float:
    """Where `share` sits on a log scale of `decades`: 1 at 1 (or more), 0 at 10^-decades or less."""
    if not share > 0:
        return 0.0
    return float(np.clip(1 + np.log10(share) / decades, 0.0, 1.0))


def width_of(share: float, widest: float = theme.PULSE_WIDTH_MAX, decades: float = theme.PULSE_DECADES) -> float:
    """The stroke width of a trail that carries `share` of the error (`widest` when it carries all of it)."""
    return theme.PULSE_WIDTH_MIN + (widest - theme.PULSE_WIDTH_MIN) * level(share, decades)


def opacity_of(share: float, decades: float = theme.PULSE_DECADES) -> float:
    return theme.PULSE_OPACITY_MIN + (1 - theme.PULSE_OPACITY_MIN) * level(share, decades)


def radius_of(share: float, decades: float = theme.PULSE_DECADES) -> float:
    return theme.PULSE_RADIUS_MIN + (theme.PULSE_RADIUS_MAX - theme.PULSE_RADIUS_MIN) * level(share, decades)


def gate_square(palette, f: float, side: float) -> Square:
    """The default glyph of a forget gate's value f, on the lanes and in their key: a square `side` wide, as opaque as f."""
    return Square(side, color=palette.cell, stroke_width=1).set_fill(palette.cell, opacity=float(f))


class ErrorPulse(VGroup):
    """The chain, the loss, the tiles and the pulse of one network; see the module's docstring.

    Parts a scene or a test reads: ``nodes[t]`` (t = 1..T), ``tiles[t]`` (t = REMEMBERED+1..tau;
    the LSTM's is a column, ``tiles[t][u - 1]`` unit u's glyph), ``running[t]`` (the share label
    the pulse shows at step t, t = REMEMBERED..tau), ``trails[t]`` (what lights up from step t to
    t - 1; the LSTM's is one segment per lane, ``trails[t][u - 1]``), ``lane_y[u]``, ``loss``,
    ``label`` (the running label on screen), ``pulse`` (one dot, or one per lane), ``header`` (the
    network's name, and for the RNN the key to its boxes) and ``key`` (the LSTM's key to its lanes).
    """

    MODEL = {"rnn": "RNN", "lstm": "LSTM"}
    # what one box is for a whole layer: the factor the error's size (its vector's length) is multiplied by a step back;
    # short, where the Opening's loss shares the name's row (a scene with room says more)
    TILE_KEY = "each box: × the error's size"

    def __init__(
        self, scene, flow: ErrorFlow, kind: str, width: float = theme.PULSE_CHAIN_WIDTH, name: str | None = None,
        lane_gap: float = theme.PULSE_LANE_GAP, travel_beat: str | None = None, note: str = "", numbered: bool = True,
        factors: bool = True, glyph: float = theme.PULSE_GLYPH, loss_name: str = "loss at τ", key_gap: float = theme.PULSE_KEY_GAP,
        running_steps: tuple[int, ...] | None = None, node_radius: float = theme.PULSE_NODE_RADIUS,
        share_size: float = theme.SMALL_SIZE, running_label: Callable[[ErrorPulse, int], VGroup] | None = None,
        loss_size: float = theme.SMALL_SIZE,
        f_glyph: Callable[[float, float], VMobject] | None = None, key_head: str = "square: the unit's forget gate at that step:",
        lane_number_size: float = theme.SMALL_SIZE, tile_size: float = theme.SMALL_SIZE, tile_key: str = TILE_KEY,
    ):
        """`name` heads the picture (with `note` after it, quieter); `numbered` writes each lane's unit number
        at its left. `travel_beat` names the beat the pulse travels in, when it is not the one building the
        picture: the running shares and the trails are recorded as shown there. Without `factors` the pulse
        travels alone: no tiles, no key to them (the hook's bare comparison); `glyph` is the side of an f glyph;
        `loss_name` is written in the loss's box (built from recorded numbers when it carries any); `key_gap` is the
        LSTM's row over its lanes (for the key, or a scene's own note; less when neither stands there).
        `running_steps`: the steps whose running share is written as the pulse reaches them (by default every step
        from tau back to the remembered symbol); between them the last one written stays, and none shows before the
        first (a scene that cannot yet say why a share may rise going back shows only its end). `node_radius`: the
        chain's nodes (larger where a scene writes each step's number in its node). `share_size`: the running share's
        type size (larger where it is the picture's one number, its power of ten read at a glance; its name beside it
        no larger than a label); `loss_size`: the loss's name's. `running_label`:
        a scene's own running number under step t in place of the share (it records what it writes), for a scene
        that runs another quantity along the chain (LSTMCell: its followed unit's cell path). `f_glyph(f, side)`: a
        scene's own glyph for a forget gate's value f, `side` tall, on the lanes and in the key (by default
        :func:`gate_square`), and `key_head` the key's words before its samples. `lane_number_size`: the lanes' unit
        numbers' type size (smaller where the lanes lie close); `tile_size`: the RNN's boxes' numbers'; `tile_key`:
        what a box is, after the RNN's name."""
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} is none of {KINDS}")
        p = scene.palette
        glyph_of = f_glyph or (lambda f, side: gate_square(p, f, side))
        self.kind, self.flow, self.tau, self.tile_size, self.node_radius = kind, flow, flow.tau, tile_size, node_radius
        self.error_color, self.palette = p.error, p
        model = self.MODEL[kind]
        string = flow.string
        steps = len(string)
        self.dx = width / (steps - 1)
        self.x = {t: -width / 2 + (t - 1) * self.dx for t in range(1, steps + 1)}
        left = self.x[1] - 0.3
        lstm = kind == "lstm"
        units = flow.units if lstm else 0
        self.lane_y = {u: theme.PULSE_LANE_BASE + (units - u) * lane_gap for u in range(1, units + 1)}

        # the chain: one node per step, the symbol it read under it, the forward links between them
        self.nodes = {t: Circle(node_radius, color=p.hidden, stroke_width=2.5).move_to([self.x[t], 0, 0]) for t in self.x}
        for t, node in self.nodes.items():
            node.set_fill(p.background, opacity=1)
            if t > self.tau:
                node.set_stroke(p.dim)  # after the loss: the error never passes here
        self.links = VGroup(*(Line(self.nodes[t - 1].get_right(), self.nodes[t].get_left(), color=p.muted, stroke_width=2) for t in range(2, steps + 1)))
        self.symbols = VGroup(
            *(line(s, theme.LABEL_SIZE, p.input).next_to(self.nodes[t], DOWN, buff=0.12) for t, s in enumerate(string, start=1))
        )
        self.symbols[REMEMBERED - 1].set_color(p.cell)
        self.remember = RoundedRectangle(corner_radius=0.06, width=0.42, height=0.42, color=p.cell, stroke_width=2).move_to(self.symbols[REMEMBERED - 1])
        scene.mark("box", "symbol", {"t": REMEMBERED}, string)
        self.chain = VGroup(self.links, *self.nodes.values(), self.symbols, self.remember)

        # the lanes of the cell state, one per unit, unit 1 on top
        self.lanes = VGroup()
        self.lane_numbers = VGroup()
        if lstm:
            right = self.x[steps] + 0.3
            for u, y in self.lane_y.items():
                self.lanes.add(Line([left, y, 0], [right, y, 0], color=p.cell, stroke_width=2, stroke_opacity=0.45))
                if numbered:
                    self.lane_numbers.add(line(str(u), lane_number_size, p.cell).next_to([left, y, 0], LEFT, buff=0.12))

        # the loss at tau, above everything drawn at its step: over the lanes and their key, or just over the chain
        # (over the RNN's row of boxes when it has them, placed with the boxes below), the network's name in the row above
        if lstm:
            key_y = max(self.lane_y.values()) + key_gap
            loss_y = header_y = key_y + theme.PULSE_LOSS_GAP
        else:
            # without factors, no rows of boxes to clear (clear of larger nodes by as much as of the usual ones), and
            # no key to them: the name on the loss's row
            loss_y = (2 if factors else 1) * theme.PULSE_TILE_ROW + node_radius - theme.PULSE_NODE_RADIUS
            header_y = loss_y + (theme.PULSE_HEADER_GAP if factors else 0)
        loss_text = line(loss_name, loss_size, p.error)
        self.loss = VGroup(
            RoundedRectangle(corner_radius=0.08, width=loss_text.width + 0.25, height=max(0.4, loss_text.height + 0.16),
                             color=p.error, stroke_width=2.5),
            loss_text,
        ).move_to([self.x[self.tau], loss_y, 0])
        self.loss[1].move_to(self.loss[0])
        # over its step, as far as the frame allows: a long name by a late tau is kept clear of the right edge
        self.loss.shift(min(0, config.frame_width / 2 - theme.FRAME_MARGIN - self.loss.get_right()[0]) * RIGHT)
        scene.mark("box", "step", {"t": self.tau}, string)

        # the tiles: what each step multiplies the error by, on its way from step t to t - 1
        self.tiles: dict[int, VGroup] = {}
        first = REMEMBERED + 1
        rnn_tiles = {}
        for t in range(first, self.tau + 1) if factors else ():
            mid = (self.x[t - 1] + self.x[t]) / 2
            if lstm:
                column = VGroup()
                for u, y in self.lane_y.items():
                    f = flow.f[t, u - 1]
                    scene.record("f", {"t": t, "unit": u}, f, "", string, label=f"f_{t}, unit {u}")
                    column.add(glyph_of(float(f), glyph).move_to([mid, y, 0]))
                self.tiles[t] = column
            else:
                text = scene.numeral("error_factor", {"t": t}, flow.rnn_factor[t], string=string, label=f"{model}, × factor, t = {t}").text
                rnn_tiles[t] = (mid, text)
        if rnn_tiles:
            self.tiles = self.tile_row(p, rnn_tiles)
        self.tile_group = VGroup(*self.tiles.values())
        if rnn_tiles:  # the loss just over the boxes' row (none stands at tau's own node), the name over it
            loss_y = self.tile_group.get_top()[1] + theme.PULSE_TILE_GAP + self.loss.height / 2
            self.loss.set_y(loss_y)
            header_y = loss_y + theme.PULSE_HEADER_GAP

        # the name over everything, then what its marks mean: the RNN's boxes in the same row, the LSTM's
        # glyphs and lanes in a row of their own just over the lanes
        self.header = VGroup()
        if name:
            self.header.add(line(name, theme.LABEL_SIZE, p.cell if lstm else p.hidden))
            if note:
                self.header.add(line(note, theme.LABEL_SIZE, p.text))
            self.header.arrange(RIGHT, buff=0.15, aligned_edge=DOWN)
        if not lstm and factors:
            key = line(tile_key, theme.LABEL_SIZE, p.text)
            if len(self.header):
                key.next_to(self.header, RIGHT, buff=0.5).align_to(self.header, DOWN)
            self.header.add(key)
        self.header.move_to([left, header_y, 0], aligned_edge=LEFT)
        self.key = VGroup()
        if lstm and factors:
            # what the lanes' squares mean, in the row over the lanes: three sample squares, each with its words
            samples = VGroup()
            for f, words in zip(theme.PULSE_KEY_SAMPLES, ("near 0", "half", "near 1")):
                samples.add(VGroup(glyph_of(f, theme.PULSE_KEY_GLYPH), caption(words, theme.LABEL_SIZE, p.cell)).arrange(RIGHT, buff=0.1))
            samples.arrange(RIGHT, buff=0.35)
            head = caption(key_head, theme.LABEL_SIZE, p.cell)
            row = VGroup(head, samples).arrange(RIGHT, buff=0.4)
            row.move_to([left, key_y, 0], aligned_edge=LEFT).align_to(self.header, LEFT).shift(0.1 * UP)  # clear of lane 1's boxes
            # what the red means, on the header's row after the network's name (the loss's box further right)
            red = caption("red: the error each cell holds", theme.LABEL_SIZE, p.error)
            red.next_to(self.header, RIGHT, buff=0.5).align_to(self.header, DOWN)
            self.key = VGroup(row, red)

        # the running share: the label the pulse shows at each step it reaches
        quantity = "lstm_state_share" if lstm else "rnn_error_share"
        shares = flow.state_share if lstm else flow.rnn_share
        self.shares = shares
        self.running: dict[int, VGroup] = {}
        for t in range(REMEMBERED, self.tau + 1) if running_steps is None else running_steps:
            if running_label is not None:
                self.running[t] = running_label(self, t)
                continue
            text = scene.numeral(
                quantity, {"t": t}, shares[t], string=string, beat=travel_beat, label=f"{model}, {SHARE_NAME}, t = {t}"
            ).text
            value = line(text, share_size, p.error)
            value.next_to(self.symbols[t - 1], DOWN, buff=0.12)
            value.shift(min(0, self.remember.get_bottom()[1] - 0.08 - value.get_top()[1]) * UP)  # clear of the remembered symbol's box
            # the name beside the number: after it, or before it where it would run off the frame; a power of ten's
            # exponent, at the number's top right, kept clear of the name's bracket
            gap = 0.14 + (0.1 if "×" in text else 0)
            what = line(f"({SHARE_NAME})", min(share_size, theme.LABEL_SIZE), p.error).next_to(value, RIGHT, buff=gap)
            if what.get_right()[0] > config.frame_width / 2 - theme.FRAME_MARGIN:
                what.next_to(value, LEFT, buff=0.2)
            label = VGroup(what, value)
            label.value, label.value_text = value, text  # the number sits under its step, its name beside it
            self.running[t] = label
        # holds the running label of the step the pulse is at (or the last written)
        self.label = VGroup(self.running[self.tau].copy()) if self.tau in self.running else VGroup()

        # the trails: the error passing from step t back to t - 1
        self.trails: dict[int, VGroup] = {}
        for t in range(first, self.tau + 1):
            a, b = self.x[t], self.x[t - 1]
            if lstm:
                segments = VGroup()
                for u, y in self.lane_y.items():
                    share = flow.cell_error[t - 1, u - 1]
                    self.record_lane(scene, t - 1, u, travel_beat)
                    segments.add(self.trail_line(p, [a, y, 0], [b, y, 0], share, theme.PULSE_LANE_WIDTH_MAX, theme.PULSE_LANE_DECADES))
                self.trails[t] = segments
            else:
                self.trails[t] = VGroup(self.trail_line(p, self.nodes[t].get_left(), self.nodes[t - 1].get_right(), shares[t - 1]))
        # the pulse: one dot on the chain, or one per lane, each lane's as large as the error its cell holds just
        # behind tau (at tau itself a cell holds none yet: the error is all in h)
        self.pulse = VGroup()
        if lstm:
            for u, y in self.lane_y.items():
                held = flow.cell_error[self.tau - 1, u - 1]
                dot = Dot([self.x[self.tau], y, 0], radius=radius_of(held, theme.PULSE_LANE_DECADES), color=p.error)
                self.pulse.add(dot.set_opacity(opacity_of(held, theme.PULSE_LANE_DECADES)))
        else:
            self.pulse.add(Dot([self.x[self.tau], 0, 0], radius=theme.PULSE_RADIUS_MAX, color=p.error))
        self.add(self.lanes, self.lane_numbers, self.chain, self.tile_group, self.key, self.loss, self.header)

    def tile_row(self, p, tiles: dict[int, tuple[float, str]]) -> dict[int, VGroup]:
        """The RNN's boxes, each over the link between its two steps, all one height, each number on one line: in
        one row when they fit between the steps, else in two alternating rows (a power of ten is wide)."""
        labels = {t: line(text, self.tile_size, p.text) for t, (_, text) in tiles.items()}
        widths = {t: label.width + theme.PULSE_TILE_PAD for t, label in labels.items()}
        one_row = all((widths[t - 1] + widths[t]) / 2 + theme.PULSE_TILE_GAP <= self.dx for t in widths if t - 1 in widths)
        height = max(label.height for label in labels.values()) + theme.PULSE_TILE_PAD_Y
        out = {}
        for t, (mid, text) in tiles.items():
            label = labels[t]
            box = RoundedRectangle(corner_radius=0.06, width=widths[t], height=height, color=p.muted, stroke_width=1.5)
            box.set_fill(p.background, opacity=1)
            row = 0 if one_row else (self.tau - t) % 2  # clear of the nodes either side of it, and of the row under it
            tile = VGroup(box, label.move_to(box))
            tile.move_to([mid, self.node_radius + theme.PULSE_TILE_GAP + height / 2 + row * (height + theme.PULSE_TILE_GAP), 0])
            if not one_row:  # two rows: a tick from each box down to the link it belongs to (between the lower row's boxes)
                tile.add(Line(box.get_bottom(), [mid, 0, 0], color=p.muted, stroke_width=1.5).set_z_index(-1))
            tile.label, tile.text = label, text
            out[t] = tile
        return out

    def lift_upper_tiles(self, lift: float = theme.PULSE_END_ROW_LIFT) -> "ErrorPulse":
        """The RNN's boxes in two rows: the upper row's boxes lifted by `lift`, their ticks stretched to their links, so
        a wide box in the lower row (a power of ten) does not touch the two over it."""
        lowest = min(tile[0].get_y() for tile in self.tiles.values())
        for tile in self.tiles.values():
            if len(tile) < 3 or tile[0].get_y() < lowest + theme.PULSE_TILE_GAP:
                continue  # one row (no ticks), or a lower-row box
            foot = tile[2].get_end()
            VGroup(tile[0], tile[1]).shift(lift * UP)
            tile[2].put_start_and_end_on(tile[0].get_bottom(), foot)
        return self

    def step_marks(self) -> VGroup:
        """A faint upright line at each step, from the chain's node up through the lanes: where each step falls on them."""
        if not len(self.lanes):
            return VGroup()
        top = max(self.lane_y.values()) + theme.PULSE_STEP_MARK_OVER
        return VGroup(*(
            Line(node.get_top(), [node.get_x(), node.get_y() + top, 0], color=self.palette.muted, stroke_width=1,
                 stroke_opacity=theme.PULSE_STEP_MARK_OPACITY).set_z_index(-1)
            for node in self.nodes.values()
        ))

    def record_lane(self, scene, t: int, unit: int, travel_beat: str | None) -> None:
        """Unit `unit`'s lane shows, at step t, the error its cell holds there (a share of all the error at tau)."""
        scene.record(
            "lstm_cell_error", {"t": t, "unit": unit}, self.flow.cell_error[t, unit - 1], "", self.flow.string, travel_beat,
            label=f"LSTM, error in c, t = {t}, unit {unit}",
        )

    @staticmethod
    def trail_line(p, start, end, share: float, widest: float = theme.PULSE_WIDTH_MAX,
                   decades: float = theme.PULSE_DECADES) -> Line:
        return Line(start, end, color=p.error, stroke_width=width_of(share, widest, decades),
                    stroke_opacity=opacity_of(share, decades))

    def shift_all(self, vector) -> "ErrorPulse":
        """Move the picture with the parts not shown yet (trails, pulse, running labels)."""
        VGroup(self, *self.trails.values(), self.pulse, self.label, *self.running.values()).shift(vector)
        return self

    def drawn(self) -> VGroup:
        """Everything the pulse leaves on screen once it has arrived: the picture, trails, pulse, label."""
        return VGroup(self, *self.trails.values(), self.pulse, self.label)

    # ------------------------------------------------------------ animations

    def leave_loss(self, flash: bool = True) -> AnimationGroup:
        """The error appears at tau, under the loss: the loss flashes, or without `flash` its box swells once (a
        flash's burst sits on the box's words)."""
        shown = [FadeIn(self.label)] if len(self.label) else []
        color = self.loss[0].get_color()
        lit = Flash(self.loss, color=color, line_length=0.15) if flash else Indicate(self.loss, color=color, scale_factor=theme.PULSE_LOSS_SWELL)
        return AnimationGroup(lit, FadeIn(self.pulse), *shown)

    def step_back(self, t: int, reveal: bool = False) -> AnimationGroup:
        """The pulse passes step t's tile, from step t to t - 1: the dots move and shrink in place (no copies).
        `reveal`: the tile arrives as the pulse reaches it (the factor is met at that step), instead of flashing."""
        lstm = self.kind == "lstm"
        decades = theme.PULSE_LANE_DECADES if lstm else theme.PULSE_DECADES
        targets = []  # where each dot goes, how wide and how bright; where it starts is read when the step begins
        for k in range(len(self.pulse)):
            share = self.flow.cell_error[t - 1, k] if lstm else self.shares[t - 1]
            targets.append((self.x[t - 1], 2 * radius_of(share, decades), opacity_of(share, decades)))
        starts: list[tuple[float, float, float]] = []  # the steps of a travel are made before any plays

        def move(dots: VGroup, alpha: float) -> None:
            if not starts:
                starts.extend((dot.get_x(), dot.width, dot.get_fill_opacity()) for dot in dots)
            for dot, (x0, w0, o0), (x1, w1, o1) in zip(dots, starts, targets):
                dot.set(width=w0 + alpha * (w1 - w0)).set_x(x0 + alpha * (x1 - x0)).set_opacity(o0 + alpha * (o1 - o0))

        arrived = self.running.get(t - 1)

        def relabel(label: VGroup, alpha: float) -> None:
            # the new share replaces the old as the pulse arrives, at the step's last moment: manim draws a play's moving
            # parts as they were when it began, so a swap mid-play would leave the old label drawn beside the new
            if alpha >= 1 and arrived is not None:
                label.submobjects = [arrived]

        passed = []  # the factor it meets, when the picture has them
        if t in self.tiles:
            passed.append(
                FadeIn(self.tiles[t], scale=theme.PULSE_TILE_FLASH, rate_func=rush_from) if reveal
                else Indicate(self.tiles[t], color=self.error_color, scale_factor=theme.PULSE_TILE_FLASH)
            )
        return AnimationGroup(UpdateFromAlphaFunc(self.pulse, move), *passed, Create(self.trails[t]),
                              UpdateFromAlphaFunc(self.label, relabel, rate_func=linear))


def travel(scene, *pulses: ErrorPulse, seconds_per_step: float = theme.PULSE_STEP) -> None:
    """Play the pulses from their loss back to the remembered symbol's step, all at once, one step at a time."""
    for step in travel_steps(*pulses, seconds_per_step=seconds_per_step):
        scene.play(*step)


def travel_steps(*pulses: ErrorPulse, seconds_per_step: float = theme.PULSE_STEP, reveal: bool = False,
                 flash: bool = True, leave_seconds: float = theme.FAST) -> list[tuple]:
    """The steps of :func:`travel` (each a tuple of animations played at once), for ``StoryScene.paced`` to
    stretch over a caption; `reveal` brings each step's tiles in as the pulse reaches them; `flash` and
    `leave_seconds`: how the error leaves the loss (:meth:`ErrorPulse.leave_loss`) and for how long."""
    steps = [tuple(AnimationGroup(p.leave_loss(flash), run_time=leave_seconds) for p in pulses)]
    tau = max(p.tau for p in pulses)
    for t in range(tau, REMEMBERED, -1):
        steps.append(tuple(AnimationGroup(p.step_back(t, reveal), run_time=seconds_per_step) for p in pulses if t <= p.tau))
    return steps


def hook_picture(scene, travel_beat: str | None = None, loss_name: str = "loss at τ",
                 lstm_beat: str | None = None,
                 rnn_name: str = "RNN", rnn_factors: bool = False) -> tuple[ErrorPulse, ErrorPulse]:
    """The Opening's hook: the RNN's chain over the LSTM's on the scene's embedded string, the pulses (no
    sizes: those belong to the scenes that build them), the loss's box saying where tau is; with `rnn_factors`, the
    RNN's per-step factors in boxes (as RNNvsLSTM's, two rows, the upper lifted). The RNN's
    pulse travels in `travel_beat`, the LSTM's in `lstm_beat` (the same beat by default); the LSTM's share is
    written only where it arrives, at the remembered symbol: going back it also rises at some steps, which only
    the cell, explained later, can make sense of. The shares are the picture's numbers: large, their powers of
    ten read at a glance. `rnn_name`: the RNN's heading. The lanes lie close, unnumbered (the scene says what a lane is)."""
    flow = _hook_flow(scene)
    hook = dict(factors=False, node_radius=theme.PULSE_HOOK_NODE_RADIUS, share_size=theme.PULSE_HOOK_SHARE_SIZE,
                loss_size=theme.LABEL_SIZE)
    rnn = ErrorPulse(scene, flow, "rnn", name=rnn_name, travel_beat=travel_beat, loss_name=loss_name,
                     **{**hook, "factors": rnn_factors}, tile_size=theme.PULSE_END_TILE_SIZE)
    if rnn_factors:
        rnn.lift_upper_tiles()
    lstm = ErrorPulse(
        scene, flow, "lstm", name="LSTM", travel_beat=lstm_beat or travel_beat, lane_gap=theme.PULSE_HOOK_LANE_GAP,
        numbered=False, running_steps=(REMEMBERED,), key_gap=theme.PULSE_HOOK_KEY_GAP,
        loss_name=loss_name, **hook,
    )
    return rnn.shift_all(theme.PULSE_HOOK_RNN_Y * UP), lstm.shift_all(theme.PULSE_HOOK_LSTM_Y * UP)


def ending_picture(scene, lstm_note: str = "", loss_name: str = "loss at τ") -> tuple[ErrorPulse, ErrorPulse]:
    """RNNvsLSTM's replay of the hook: the nets named with their sizes (`lstm_note` after the LSTM's name),
    the RNN meeting its per-step factors in boxes, the LSTM's lanes wider apart than the Opening's and without
    forget-gate squares (too small to read at that gap: LSTMCell showed them), its whole share written once,
    where it arrives (LSTMCell's moving number is one lane's, which only falls); `loss_name` in both loss boxes.
    The lanes are not numbered (at that gap their numbers would touch; the header says a lane is a unit)."""
    flow = _hook_flow(scene)
    rnn_units = scene.count_text("hidden_size", {"model": "rnn"}, scene.embedded_rnn.d, scene.embedded, label="RNN, units")
    lstm_units = scene.count_text("hidden_size", {"model": "lstm"}, scene.lstm.d, scene.embedded, label="LSTM, cell units")
    rnn = ErrorPulse(scene, flow, "rnn", name=f"RNN ({rnn_units} units)", share_size=theme.BODY_SIZE,
                     loss_size=theme.LABEL_SIZE, loss_name=loss_name, tile_size=theme.PULSE_END_TILE_SIZE,
                     tile_key=ErrorPulse.TILE_KEY + ", one step back")  # its loss on the title's row: room to say more
    lstm = ErrorPulse(
        scene, flow, "lstm", name=f"LSTM ({lstm_units} cell units, a lane each)", note=lstm_note,
        lane_gap=theme.PULSE_END_LANE_GAP, numbered=False, factors=False, key_gap=theme.PULSE_END_KEY_GAP,
        running_steps=(REMEMBERED,), share_size=theme.BODY_SIZE, loss_size=theme.LABEL_SIZE, loss_name=loss_name,
    )
    return rnn.shift_all(theme.PULSE_END_RNN_Y * UP), lstm.shift_all(theme.PULSE_END_LSTM_Y * UP)


def _hook_flow(scene) -> ErrorFlow:
    return error_flow(scene.lstm, scene.embedded_rnn, scene.embedded)
