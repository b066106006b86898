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
  (lit as brightly as f is close to 1), each lane's trail its running forget
  product ``lstm_cell_share{t, unit}``; the label is the whole state's share
  ``lstm_state_share{t}``, gates included.

Every value is recorded through the scene (``numeral`` / ``record``) when the
picture is built.  :func:`travel` plays one or more pulses back together.
"""

from __future__ import annotations

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
    Indicate,
    Flash,
    Line,
    RoundedRectangle,
    Square,
    Text,
    Transform,
    VGroup,
)

from lstm_explainer.model.flow import REMEMBERED, ErrorFlow
from lstm_explainer.scenes import theme

KINDS = ("rnn", "lstm")


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


class ErrorPulse(VGroup):
    """The chain, the loss, the tiles and the pulse of one network; see the module's docstring.

    Parts a scene or a test reads: ``nodes[t]`` (t = 1..T), ``tiles[t]`` (t = REMEMBERED+1..tau;
    the LSTM's is a column, ``tiles[t][u - 1]`` unit u's glyph), ``running[t]`` (the share label
    the pulse shows at step t, t = REMEMBERED..tau), ``trails[t]`` (what lights up from step t to
    t - 1; the LSTM's is one segment per lane, ``trails[t][u - 1]``), ``lane_y[u]``, ``loss``,
    ``label`` (the running label on screen) and ``pulse`` (one dot, or one per lane).
    """

    SHARE_OF = {"rnn": "share of h", "lstm": "share of (h, c)"}  # what the running share is the share of

    def __init__(
        self, scene, flow: ErrorFlow, kind: str, width: float = theme.PULSE_CHAIN_WIDTH, name: str | None = None,
        lane_gap: float = theme.PULSE_LANE_GAP, travel_beat: str | None = None,
    ):
        """`travel_beat` names the beat the pulse travels in, when it is not the one building the picture:
        the running shares and the trails are recorded as shown there."""
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} is none of {KINDS}")
        p = scene.palette
        self.kind, self.flow, self.tau = kind, flow, flow.tau
        self.error_color = p.error
        string = flow.string
        steps = len(string)
        self.dx = width / (steps - 1)
        self.x = {t: -width / 2 + (t - 1) * self.dx for t in range(1, steps + 1)}
        lstm = kind == "lstm"
        units = flow.units if lstm else 0
        self.lane_y = {u: theme.PULSE_LANE_BASE + (units - u) * lane_gap for u in range(1, units + 1)}

        # the chain: one node per step, the symbol it read under it, the forward links between them
        self.nodes = {t: Circle(theme.PULSE_NODE_RADIUS, color=p.hidden, stroke_width=2.5).move_to([self.x[t], 0, 0]) for t in self.x}
        for t, node in self.nodes.items():
            node.set_fill(p.background, opacity=1)
            if t > self.tau:
                node.set_stroke(p.dim)  # after the loss: the error never passes here
        self.links = VGroup(*(Line(self.nodes[t - 1].get_right(), self.nodes[t].get_left(), color=p.muted, stroke_width=2) for t in range(2, steps + 1)))
        self.symbols = VGroup(
            *(Text(s, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.input).next_to(self.nodes[t], DOWN, buff=0.12)
              for t, s in enumerate(string, start=1))
        )
        self.symbols[REMEMBERED - 1].set_color(p.cell)
        self.remember = RoundedRectangle(corner_radius=0.06, width=0.42, height=0.42, color=p.cell, stroke_width=2).move_to(self.symbols[REMEMBERED - 1])
        self.chain = VGroup(self.links, *self.nodes.values(), self.symbols, self.remember)

        # the lanes of the cell state, one per unit, unit 1 on top
        self.lanes = VGroup()
        self.lane_numbers = VGroup()
        if lstm:
            left, right = self.x[1] - 0.3, self.x[steps] + 0.3
            for u, y in self.lane_y.items():
                self.lanes.add(Line([left, y, 0], [right, y, 0], color=p.cell, stroke_width=2, stroke_opacity=0.45))
                self.lane_numbers.add(Text(str(u), font=theme.MONO_FONT, font_size=theme.SMALL_SIZE, color=p.cell).next_to([left, y, 0], LEFT, buff=0.12))

        # the loss at tau, above everything drawn at its step
        top = max(self.lane_y.values(), default=0) + (lane_gap if lstm else 2 * theme.PULSE_TILE_ROW)
        top += theme.PULSE_LOSS_GAP
        loss_text = Text("loss at τ", font=theme.FONT, font_size=theme.SMALL_SIZE, color=p.error)
        self.loss = VGroup(
            RoundedRectangle(corner_radius=0.08, width=loss_text.width + 0.25, height=0.4, color=p.error, stroke_width=2.5),
            loss_text,
        ).move_to([self.x[self.tau], top, 0])
        self.loss[1].move_to(self.loss[0])

        # the tiles: what each step multiplies the error by, on its way from step t to t - 1
        self.tiles: dict[int, VGroup] = {}
        first = REMEMBERED + 1
        for t in range(first, self.tau + 1):
            mid = (self.x[t - 1] + self.x[t]) / 2
            if lstm:
                column = VGroup()
                for u, y in self.lane_y.items():
                    f = flow.f[t, u - 1]
                    scene.record("f", {"t": t, "unit": u}, f, "", string)
                    glyph = Square(theme.PULSE_GLYPH, color=p.cell, stroke_width=1).set_fill(p.cell, opacity=float(f))
                    column.add(glyph.move_to([mid, y, 0]))
                self.tiles[t] = column
            else:
                text = scene.numeral("error_factor", {"t": t}, flow.rnn_factor[t], string=string).text
                label = Text(f"×{text}", font=theme.MONO_FONT, font_size=theme.SMALL_SIZE, color=p.text)
                box = RoundedRectangle(corner_radius=0.06, width=label.width + 0.14, height=label.height + 0.14, color=p.muted, stroke_width=1.5)
                box.set_fill(p.background, opacity=1)
                row = 1 + (self.tau - t) % 2  # alternate rows, so wide numbers never touch
                tile = VGroup(box, label.move_to(box)).move_to([mid, row * theme.PULSE_TILE_ROW, 0])
                tile.label = label
                self.tiles[t] = tile
        self.tile_group = VGroup(*self.tiles.values())
        if lstm:
            head = Text("× f", font=theme.FONT, font_size=theme.SMALL_SIZE, color=p.cell)
            self.tile_head = head.next_to(self.tiles[first], UP, buff=0.08)
        else:
            self.tile_head = VGroup()

        # the running share: the label the pulse shows at each step it reaches
        quantity = "lstm_state_share" if lstm else "rnn_error_share"
        shares = flow.state_share if lstm else flow.rnn_share
        self.shares = shares
        self.running: dict[int, VGroup] = {}
        for t in range(REMEMBERED, self.tau + 1):
            text = scene.numeral(quantity, {"t": t}, shares[t], string=string, beat=travel_beat).text
            value = Text(text, font=theme.MONO_FONT, font_size=theme.SMALL_SIZE, color=p.error)
            value.next_to(self.symbols[t - 1], DOWN, buff=0.12)
            what = Text(f"{self.SHARE_OF[kind]}:", font=theme.FONT, font_size=theme.SMALL_SIZE, color=p.error)
            room = value.get_left()[0] - (self.x[1] - theme.PULSE_NODE_RADIUS)  # left of the value, over the chain
            if room < what.width + 0.1:  # no room on the left: the name follows the number
                what = Text(f"({self.SHARE_OF[kind]})", font=theme.FONT, font_size=theme.SMALL_SIZE, color=p.error)
            what.next_to(value, LEFT if room >= what.width + 0.1 else RIGHT, buff=0.1)
            label = VGroup(what, value)
            label.value, label.value_text = value, text  # the number sits under its step, its name beside it
            self.running[t] = label
        self.label = self.running[self.tau].copy()

        # the trails: the error passing from step t back to t - 1
        self.trails: dict[int, VGroup] = {}
        for t in range(first, self.tau + 1):
            a, b = self.x[t], self.x[t - 1]
            if lstm:
                segments = VGroup()
                for u, y in self.lane_y.items():
                    share = flow.cell_share[t - 1, u - 1]
                    scene.record("lstm_cell_share", {"t": t - 1, "unit": u}, share, "", string, travel_beat)
                    segments.add(self.trail_line(p, [a, y, 0], [b, y, 0], share, theme.PULSE_LANE_WIDTH_MAX, theme.PULSE_LANE_DECADES))
                self.trails[t] = segments
            else:
                self.trails[t] = VGroup(self.trail_line(p, self.nodes[t].get_left(), self.nodes[t - 1].get_right(), shares[t - 1]))
        if lstm:  # the lane's share at tau itself, where the pulse starts
            for u in self.lane_y:
                scene.record("lstm_cell_share", {"t": self.tau, "unit": u}, flow.cell_share[self.tau, u - 1], "", string, travel_beat)

        # the pulse: one dot on the chain, or one per lane
        ys = list(self.lane_y.values()) if lstm else [0.0]
        self.pulse = VGroup(*(Dot([self.x[self.tau], y, 0], radius=theme.PULSE_RADIUS_MAX, color=p.error) for y in ys))
        self.name = VGroup()
        if name:
            self.name = Text(name, font=theme.FONT, font_size=theme.LABEL_SIZE, color=p.cell if lstm else p.hidden)
            self.name.move_to([self.x[1] - 0.3, self.loss.get_y(), 0], aligned_edge=LEFT)
        self.add(self.lanes, self.lane_numbers, self.chain, self.tile_group, self.tile_head, self.loss, self.name)

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

    def leave_loss(self) -> AnimationGroup:
        """The error appears at tau, under the loss."""
        return AnimationGroup(Flash(self.loss, color=self.loss[0].get_color(), line_length=0.15), FadeIn(self.pulse), FadeIn(self.label))

    def step_back(self, t: int) -> AnimationGroup:
        """The pulse passes step t's tile, from step t to t - 1."""
        lstm = self.kind == "lstm"
        moves = []
        for k, dot in enumerate(self.pulse):
            share = self.flow.cell_share[t - 1, k] if lstm else self.shares[t - 1]
            target = dot.copy().move_to([self.x[t - 1], dot.get_y(), 0])
            decades = theme.PULSE_LANE_DECADES if lstm else theme.PULSE_DECADES
            target.set(width=2 * radius_of(share, decades)).set_opacity(opacity_of(share, decades))
            moves.append(Transform(dot, target))
        passed = Indicate(self.tiles[t], color=self.error_color, scale_factor=theme.PULSE_TILE_FLASH)  # the factor it meets
        return AnimationGroup(*moves, passed, Create(self.trails[t]), Transform(self.label, self.running[t - 1]))


def travel(scene, *pulses: ErrorPulse, seconds_per_step: float = theme.PULSE_STEP) -> None:
    """Play the pulses from their loss back to the remembered symbol's step, all at once, one step at a time."""
    scene.play(*(p.leave_loss() for p in pulses), run_time=theme.FAST)
    tau = max(p.tau for p in pulses)
    for t in range(tau, REMEMBERED, -1):
        scene.play(*(p.step_back(t) for p in pulses if t <= p.tau), run_time=seconds_per_step)


def hook_picture(
    scene, rnn_y: float = theme.PULSE_HOOK_RNN_Y, lstm_y: float = theme.PULSE_HOOK_LSTM_Y, travel_beat: str | None = None
) -> tuple[ErrorPulse, ErrorPulse]:
    """The RNN's chain over the LSTM's on the scene's embedded string: the Opening's hook, replayed at the end."""
    from manim import UP

    from lstm_explainer.model.flow import error_flow

    flow = error_flow(scene.lstm, scene.embedded_rnn, scene.embedded)
    rnn_units = scene.count_text("hidden_size", {"model": "rnn"}, scene.embedded_rnn.d, scene.embedded)
    lstm_units = scene.count_text("hidden_size", {"model": "lstm"}, scene.lstm.d, scene.embedded)
    rnn = ErrorPulse(scene, flow, "rnn", name=f"RNN, {rnn_units} units", travel_beat=travel_beat)
    lstm = ErrorPulse(
        scene, flow, "lstm", name=f"LSTM, {lstm_units} cell units: a lane each, as wide as its forget product", travel_beat=travel_beat
    )
    return rnn.shift_all(rnn_y * UP), lstm.shift_all(lstm_y * UP)
