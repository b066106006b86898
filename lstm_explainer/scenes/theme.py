"""The one look of the explainer: palette, type scale, number format, run times.

Every colour, size and duration a scene uses comes from here. Two palettes share
one set of roles (W, U, V, hidden state, error, ...) so a blog with a light or a
dark background gets the same picture. A scene draws with its class's ``palette``
(the rendering side picks it from ``PALETTES``) and hands it to every component it builds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    text: str
    muted: str  # labels, axes, everything that should recede
    dim: str  # parts of a graph switched off by a highlight
    W: str  # input weights
    U: str  # hidden (recurrent) weights
    V: str  # output weights: a cyan between W's blue and the greens of the outputs and the legal symbols
    hidden: str  # hidden state h_t, and the positive end of the hidden values' colour scale
    hidden_negative: str  # the negative end of that scale (red is kept for gradients)
    cell: str  # LSTM cell state c_t
    input: str  # x_t
    output: str  # y_t, and a symbol the network scores above one half
    error: str  # the error and its gradients, and nothing else: the one red of the palette
    good: str  # legal successor, correct: a green of another lightness (dark) or hue (light) than the outputs'
    bad: str  # illegal, wrong: greyed out, never red (red is the error's)


DARK = Palette(
    name="dark",
    background="#14161c",
    text="#ECEFF4",
    muted="#9aa3b2",
    dim="#3a3f4b",
    W="#58A6FF",
    U="#FFA657",
    V="#39C5CF",
    hidden="#D2A8FF",
    hidden_negative="#F778BA",
    cell="#F2CC60",
    input="#79C0FF",
    output="#A5D6A7",
    error="#FF6B6B",
    good="#56D364",
    bad="#8B949E",
)

LIGHT = Palette(
    name="light",
    background="#FFFFFF",
    text="#1F2328",
    muted="#57606A",
    dim="#D0D7DE",
    W="#0969DA",
    U="#BC4C00",
    V="#0C97AB",
    hidden="#8250DF",
    hidden_negative="#BF3989",
    cell="#9A6700",
    input="#0550AE",
    output="#116329",
    error="#CF222E",
    good="#58A121",
    bad="#6E7781",
)

PALETTES = {p.name: p for p in (DARK, LIGHT)}


# One type family for prose, numbers and maths: Computer Modern. MathTex and Tex are typeset by
# LaTeX in it; Text is drawn by Pango in CMU Serif (Debian's fonts-cmu), the same design with the
# Unicode the captions use (Greek, arrows, the true minus). Its digits all have one width, so a
# right-aligned column of numbers lines up. Glyphs it lacks (ℓ, ∂, ′, superscript digits) come from
# the fallback fonts; say them in TeX where they matter.
FONT = "CMU Serif"
MONO_FONT = FONT  # columns of numbers and the grammar's symbols: the same face, whose digits are tabular

# Type scale (manim font sizes of FONT), chosen to stay readable at 854x480: Computer Modern's
# x-height is 0.8 of DejaVu Sans', so these are about 1.17 times the sans sizes they replace, and a
# line is about as wide as before. The x-height at 480p is 0.36 px per point: SMALL_SIZE 21 gives
# 7.5 px, above the legibility floor of 7 px (tests/test_typography.py).
TITLE_SIZE = 40  # every scene's title (components.text.title): one size, one place
HEADING_SIZE = 38
BODY_SIZE = 30  # about as tall as a formula at EQUATION_SCALE
LABEL_SIZE = 26
SMALL_SIZE = 21
# MathTex is scaled by one of these steps after typesetting: the type scale of the formulas.
EQUATION_SCALE = 0.8  # an equation in the body of a scene
EQUATION_SCALE_LABEL = 0.75  # a symbol naming a part of a diagram: a gate's letter, the head of a column of numbers
EQUATION_SCALE_COMPACT = 0.7  # worked terms in a column beside a graph; the x and + of an LSTM operator
EQUATION_SCALE_SMALL = 0.68  # second-rank formulas: the recurrence unrolled, the closed form, x_s under the trellis
EQUATION_SCALE_TICK = 0.64  # 10^k on a log axis
EQUATION_SCALE_TINY = 0.85  # the LSTM cell's gate letters, over their boxes: ~9 px x-height at CELL_SCALE (its tanh is at EQUATION_SCALE_LABEL)
SUBTITLE_SIZE = 25  # burned-in captions (--subtitles burn): 9 px x-height at 480p; two lines hold the longest caption
SUBTITLE_SCRIPT_SHARE = 0.8  # their sub- and superscripts (h₁⁴, ∂L/∂hₜ) against it: 7.2 px x-height at 480p
SUBTITLE_BAND = 1.15  # the band added under the picture for them: two lines of SUBTITLE_SIZE
SUBTITLE_LINE_GAP = 0.08  # between the lines of a caption broken to fit the frame
# The legibility floor and the margin, in pixels of a 480-line frame (tests/test_typography.py).
LEAST_X_HEIGHT_PX = 7
LEAST_MARGIN_PX = 12

# Geometry (manim units; the frame is 14.2 x 8).
FRAME_MARGIN = 0.4
NODE_RADIUS = 0.16
NODE_STROKE = 2.5
BLOCK_CORNER = 0.12
EDGE_WIDTH_MIN = 0.4
EDGE_WIDTH_MAX = 4.0
EDGE_OPACITY_MIN = 0.15
NETWORK_EDGE_WIDTH_MIN = 1.1  # the folded network's and ReberGrammar's small net's thinnest edge: still seen at 480p
NETWORK_EDGE_OPACITY_MIN = 0.4
NETWORK_EDGE_WIDTH_MAX = 8.0  # RNNEquations' network: its widest edge (4 px at 480p), so widths compare at a glance
HIGHLIGHT_WIDTH = 6.0
U_LOOP_WIDTH = 3.0  # the recurrent loop on the folded network's hidden layer
U_FRAME_PAD = 0.1  # the frame round the hidden layer that the U loop leaves and re-enters
U_FRAME_WIDTH = 1.5

# Run times in seconds.
FAST = 0.5
NORMAL = 1.0
SLOW = 2.0
# A beat holds still after its animations for its caption's reading time.
READING_CHARS_PER_SECOND = 15
READING_LEAD_SECONDS = 1.0  # finding the caption, and a breath between beats
READING_WHILE_MOVING = 0.75  # the share of reading speed a viewer keeps while the picture moves in the caption's order
MOTION_SHARE_OF_READING = 0.85  # a paced beat's motion, as a share of its caption's reading time (StoryScene.paced)
STILL_SHARE_OF_READING = 0.3  # the least a beat's finished picture stands still, as a share of its reading time
SCENE_FADE = 0.8  # the last picture fades to the background, the next scene fades in: one film

# Log plots (the window of decades lives with the values, scenes.values.plots.LOG_FLOOR/LOG_CEILING).
CURVE_WIDTH = 3.5
DASHES = 60
DOT_RADIUS = 0.05
PLOT_MARGIN = 0.2  # a LogPlot's first k this far right of its y axis (12 px at 480p): a dot there clear of the axis
LEGEND_DOT_RADIUS = DOT_RADIUS * 1.5  # a plot's dot drawn again in its legend, large enough to see its colour
RULER_LABEL_GAP = 0.75  # least distance between two labelled decades of a LogRuler (a 10^-k is about 0.5 wide)
DIAL_RADIUS = 1.3
STEP = 0.8  # seconds per item when a sequence is revealed one at a time
SWEEP = 0.15  # seconds per item in a quick sweep


# ---- The unrolled RNN (scenes/components/unrolled.py) and the error scenes.
UNROLL_STEP_GAP = 4.3  # centre to centre of two time steps
UNROLL_LAYER_GAP = 1.95  # x row to hidden diagonal, hidden diagonal to y row (at 2.1 UnrollRNN's legend sat on the
# subtitles)
UNROLL_NODE_GAP = 0.52  # node to node in the x and y rows
# A step's hidden nodes stand in a column, so the U edges run level between matching units and bend only where
# they change unit, clear of every other unit and pill (tests/test_components.py, tests/test_unrolled_layout.py).
UNROLL_HIDDEN_DX = 0.0
UNROLL_HIDDEN_DY = 0.5  # unit to unit, down the column (unit 1 at the top)
UNROLL_U_BEND = 0.55  # a U edge's handles, as a share of its run across: it leaves and enters a unit level
UNROLL_U_LEAD = 1.2  # a U edge runs straight and level this far out of its unit before it bends: the value pill
# UnrollRNN writes right of the unit covers only that level stretch, so the edges fan out from the pill's right end
UNROLL_U_LAND = 0.75  # and runs level this far into its next unit: the S ends left of the unit's pill (half as wide),
# so the four edges into a unit join in the open, not under the pill
UNROLL_BLOCK_PAD = 0.14
UNROLL_UNIT_LABEL_GAP = 0.75  # a unit's number (1..d) to the left rim of its node at step 1: left of the W and V
# edges' fan at the units' heights (it reaches about 0.8 left of the column), so no edge runs through a number
UNROLL_ARROW_WIDTH = 5.0
LIT_EDGE_WIDTH = 3.0  # the least width of an edge on a highlighted path
WIDE_EDGE_WIDTH = 5.5  # ErrorAtStepTwo: the direct route's one edge, over the indirect route's edges where they meet
# ErrorAtStepOne's step 1 around the followed path: a dimmed part's colour this share of the way back to its own
# (edges and nodes), and the symbol and unit letters further, so the network stays in sight and its labels legible
CONTEXT_LIFT = 0.3
CONTEXT_LABEL_LIFT = 0.55
BRANCH_TERM_GAP = 0.25  # ErrorAtStepTwo: the column of branch terms this far right of the graph
LIT_Z = 1  # z_index of a highlighted path's edges: above the dimmed ones (which stay at 0)
UNROLL_SHIFT = 0.3  # the unrolled graph sits this much below the centre, leaving room for read-outs above
EQUATION_GAP_TIGHT = 0.35  # between the lines of one worked sum (its terms and their total)
PROSE_SIZE = 34  # LaTeX prose with inline maths (Tex): Tex's x-height is 0.75 of Text's at one size, so this is LABEL_SIZE's

# ---- Layout of the RNN scenes at 854x480 (UnrollRNN, ErrorAtStepOne, ErrorAtStepTwo).
GRAPH_GAP = 0.45  # a moved-aside graph to the equations and the heading beside or above it
COLUMN_INSET = 0.2  # ErrorAtStepOne's and ErrorAtStepTwo's columns of worked terms: further in than the margin
SCORE_NOTE_GAP = 0.45  # ErrorAtStepTwo: which score is followed now, this far under the rows on why the bias
BIAS_TAG_CLEAR = 0.35  # ErrorAtStepTwo: the +b_h tag right of h_2^i, this far from it (clear of the V edges)
HIDDEN_ONE_GAP = 2.0  # ErrorAtStepTwo's cropped graph: h_1 this many output spacings left of step 2's first output
FOLD_GAP = 0.22  # ErrorAtStepTwo: a term folded for its narrow column, row to row
FOLD_INSET = 0.35  # ErrorAtStepTwo: a folded term's row of numbers, in from its symbols' left
EQUATION_SCALE_WORKED = 0.75  # ErrorAtStepTwo's worked terms: their scripts (a_2^4, u_α4) 7 px high at 480p (0.7 gave 6)
START_STATE_ROOM = 1.3  # ErrorAtStepOne's last beat: step 1 moves this far right for h_0, the state before it
START_STATE_DROP = 0.45  # h_0's node below h_1^i, the bottom unit (its u edge turns up into h_1^i from below)


def value_to_color(value: float, largest: float, positive: str, negative: str, background: str) -> str:
    """A colour for a signed number: from `background` (0) to `positive`/`negative` at |value| = largest."""
    from manim import ManimColor, interpolate_color

    strength = min(abs(value) / largest, 1.0) if largest > 0 else 0.0
    end = positive if value >= 0 else negative
    return interpolate_color(ManimColor(background), ManimColor(end), strength).to_hex()


HIDDEN_SHADE_POWER = 0.5  # a hidden fill's strength is |h| to this power: a middling value (0.5) reads clearly filled,
# only a value near 0 fades toward an empty node


def hidden_value_color(palette: Palette, h: float) -> str:
    """The colour of a hidden value h in [-1, 1] (tanh): its own scale, never the error's red."""
    shade = abs(h) ** HIDDEN_SHADE_POWER
    return value_to_color(shade if h >= 0 else -shade, 1.0, palette.hidden, palette.hidden_negative, palette.background)


# ---- The error-flow scenes (ErrorRecurrence, VanishingProduct): path graph and number text.
PATH_COLUMN_GAP = 2.3  # one step h_s to the next in the path graph (scenes/components/paths.py)
PATH_ROW_GAP = 0.52  # one hidden unit to the next within a step
CLOSED_FORM_TOP = 1.2  # the closed form over the path trellis, under a scene title (scenes/components/paths.py)
PATH_NODE_RADIUS = 0.18
PATH_FAINT_WIDTH = 1.5  # the many paths a sweep passes over together
PATH_RING = 0.8  # the ring round the node where a path ends: its radius in node widths

# ---- The LSTM chapter (ReberGrammar, LSTMCell, RNNvsLSTM).
GRAMMAR_NODE_RADIUS = 0.26
GRAMMAR_EDGE_WIDTH = 3.0
GRAMMAR_STEP = 0.6  # seconds for the token to take one edge of the grammar (the first; the walk speeds up)
GRAMMAR_STEP_FASTEST = 0.25  # the least time for one edge
GATE_BOX = 0.62  # side of a gate's box in the LSTM cell diagram
CELL_GATE_INSET = 0.11  # the LSTM cell's outer gates this share of its width in from its sides
CELL_TANH_PAD = 0.1  # between a tanh and the box or wire beside it
CELL_WIDTH = 3.4  # an LSTM cell drawn on the highway, and the gap it takes
CELL_HEIGHT = 2.2


# ---- The error pulse (scenes/components/pulse.py; engineer "pulse"): the error you can see.
PULSE_CHAIN_WIDTH = 12.0  # first node to last, the whole embedded string
PULSE_DECADES = 16  # the RNN pulse's log scale: a share of 10^-16 or less is drawn at the minimum (10^-10 still reads at 480p)
PULSE_WIDTH_MIN = 0.5  # stroke width of a trail carrying 10^-16 of the error (10^-4 on a lane)
PULSE_WIDTH_MAX = 9.0  # and of one carrying all of it
PULSE_LANE_WIDTH_MAX = 5.0  # a cell lane's trail carrying all of it (the lanes lie close together)
# A lane's forget product on a shorter log scale: a unit that keeps less than 10^-4 of its cell error over
# the lag has forgotten, and its lane fades out, while the units that became memory stay wide.
PULSE_LANE_DECADES = 4
PULSE_LOSS_GAP = 0.42  # the LSTM's loss box and name over the key to its lanes
PULSE_HEADER_GAP = 0.42  # the RNN's name and the key to its boxes over its upper row of boxes (where its loss sits)
PULSE_KEY_GAP = 0.3  # the key to the LSTM's lanes over its top lane
PULSE_KEY_SAMPLES = (0.1, 0.5, 1.0)  # the forget-gate values the key's sample glyphs show
PULSE_OPACITY_MIN = 0.08
PULSE_RADIUS_MIN = 0.025
PULSE_RADIUS_MAX = 0.12
PULSE_NODE_RADIUS = 0.14
PULSE_TILE_ROW = 0.4  # the RNN's loss over its chain, one or two of these up (its boxes, when drawn, place it themselves)
PULSE_TILE_PAD = 0.14  # an RNN box round its number, across (0.16 breaks the default string's boxes into two rows)
PULSE_TILE_PAD_Y = 0.16  # and up
PULSE_TILE_GAP = 0.06  # the least room between two boxes in a row, and a box and the node or loss by it
PULSE_LANE_BASE = 0.55  # the lowest lane of the cell state (the last unit) over the chain
PULSE_LANE_GAP = 0.22  # lane to lane: a unit's number at SMALL_SIZE fits between
PULSE_GLYPH = 0.15  # side of an f_t glyph on a lane
PULSE_KEY_GLYPH = 0.32  # the key's sample squares, each with its words beside it, larger than the lanes' so their shades read apart
PULSE_STEP = 0.3  # seconds for the pulse to pass one step
PULSE_HOOK_STEP = 1.0  # the Opening's: a step's share of its beat against the rest (each share written there read)
PULSE_STEP_NUMBER_SIZE = 20  # the Opening's step numbers, inside the chain's nodes
PULSE_HOOK_NODE_RADIUS = 0.21  # and its nodes, large enough to hold them
PULSE_HOOK_SHARE_SIZE = 34  # the Opening's shares, the hook's numbers: their powers of ten read at 480p
PULSE_HOOK_QUESTION_SIZE = 38  # and its question, once both have arrived (not TITLE_SIZE: a title is only in the corner)
PULSE_END_SHARE_SIZE = 48  # RNNvsLSTM's last beat: the two shares side by side, the largest words there
PULSE_HOOK_MOTION_SHARE = 1.0  # the Opening's travels (and RNNvsLSTM's) take the whole reading time: the RNN's share is read at every step
PULSE_BUILD = 0.8  # the hook's picture is built in three parts (the task, the losses, the factors); two take this long
PULSE_HOOK_RNN_Y = 1.0  # the Opening's RNN chain (its nodes' y); its loss above (under the title), its share's label and words below
PULSE_HOOK_LSTM_Y = -2.45  # and its LSTM chain, apart enough that the RNN's words clear the LSTM's name; its lanes above it
PULSE_HOOK_LANE_GAP = 0.15  # the hook's lanes, unnumbered: close, room over them for the RNN's boxes and share
PULSE_PREDICTS_INSET = 0.3  # the Opening's "predicts 13" starts this far left of its node (its arrow down to it)
PULSE_PREDICTS_GAP = 0.2  # and the loss's box stands this far left of it, a tick down to tau's node
PULSE_PREDICTS_RAISE = 0.1  # that row (the RNN's name with it) this far over where the chain puts it: the tick and arrow read
PULSE_HOOK_KEY_GAP = 0.0  # the hook's row over its lanes, empty (its notes stand on the LSTM's name's row)
PULSE_END_RNN_Y = 1.0  # RNNvsLSTM's RNN chain (its nodes' y); its boxes, loss and name above (under the title), its share below
PULSE_END_LSTM_Y = -2.8  # and its LSTM chain, low enough that the RNN's share label clears the LSTM's name
PULSE_END_RNN_STEP = 0.5  # RNNvsLSTM's RNN pulse: a step's share of its beat (a factor and a share read at each)
PULSE_END_TILE_SIZE = 26  # its boxes' numbers (x-height 9 px at 480p; the Opening's too), in two alternating rows, the upper's ticks clear of the lower's boxes
PULSE_LOSS_SWELL = 1.08  # a loss's box swells this much as the error leaves it (where a flash would cover its words)
PULSE_END_LANE_GAP = 0.15  # RNNvsLSTM's lanes (no forget-gate squares, no unit numbers there): closer than the Opening's
PULSE_END_KEY_GAP = 0.12  # and the row over them, empty there: less
BAR_HEIGHT = 0.52  # a bar of a vector drawn as bars (components/lstm_cell.BarVector), for a value of 1: 31 px at 480p
BAR_WIDTH = 0.42  # LSTMCell's bars, wide enough to see a gate's value at 480p (the followed unit's is written out)
BAR_GAP = 0.12
BAR_CLIP_TIP = 0.6  # a bar past the scale ends in a point this share of its width tall
CELL_LIT_WIDTH = 2.2  # LSTMCell lights the part being told: its lines this much thicker
CELL_LIT_FILL = 0.3  # and a gate's box filled this much with the text colour
CELL_OFF_PATH_OPACITY = 0.25  # LSTMCell's cell path beat: what h_{t-1} held fixed leaves out, dimmed to this
CELL_ROW_GAP = 0.16  # LSTMCell: between two vectors of bars (the six rows fill the frame's height under the title)
CELL_ERROR_WIDTH = 4.0  # and the error running back along the cell state's wire
CELL_SCALE = 1.3  # LSTMCell draws its cell this much larger than built, gates and operators included
PULSE_CELL_Y = -1.0  # LSTMCell's chain; its lanes above it, the notes and the key to the lanes under it
CELL_BIG_WIDTH = 4.5  # LSTMCell's cell, in the upper left: the frame's right half is its bars'
CELL_BIG_HEIGHT = 3.6
CELL_UNDER_TITLE = 0.5  # LSTMCell's cell under the title (its c_{t-1} label between them)
CELL_EQUATION_GAP = 0.35  # LSTMCell: a part's equation under the cell and its x_t
CELL_EQUATION_STACK = 0.2  # LSTMCell: the candidate's equation under the input gate's, both on screen while read together
BARS_LEFT = 0.0  # LSTMCell's rows of bars: the left end of their brackets (their names to its left)
BARS_TOP = 2.62  # and the top of the unit numbers over the first row, under the title's row
BARS_RULER_GAP = 0.18  # a row's scale ruler right of its bracket
BARS_VALUE_GAP = 0.4  # and the followed unit's value right of the scale's numbers, clear of them (not read as "1 0.986")
BARS_BOX_WIDTH = 3.0  # the stroke of the box round the followed unit's column of bars
GAUGE_WIDTH_SHARE = 0.8  # a gate's gauge (components/lstm_cell.gate_gauge): its width against its height
GAUGE_STROKE = 2.0  # its grey outline, which alone shows a gate near 0
GAUGE_INSET = 0.03  # its fill this far inside the outline: a full gauge still shows its frame
ENTRY_OFFSET = 0.42  # LSTMCell: the error entering a cell from h meets its lane this share of a step right of the step's gauge
ENTRY_WIDTH_MIN, ENTRY_WIDTH_MAX = 3.0, 8.0  # its arrow's stroke, for the smallest and the largest part drawn
ENTRY_DOT_MAX, ENTRY_DOT_MIN = 0.15, 0.05  # the radius of the dot riding back for the largest part entering, and the least drawn
ENTRY_DOT_RING = 2.0  # the background-coloured ring round that dot, to part it from the red trail under it
CELL_NOTE_GAP = 0.12  # the notes under the chain this far under the numbers written under its symbols
ENTRY_SHOWN = 0.08  # LSTMCell: an entry from h into a cell drawn when at least this share of the largest entry
ENTRY_ARROW_LENGTH = 0.3  # its arrow, up into the lane from just over the lane below
CELL_LEFT_INSET = 0.3  # LSTMCell's big cell this far in from the frame's margin (its c_t arrow clear of the bars' heads)
CELL_GAUGE_WIDTH = 0.3  # LSTMCell's forget-gate gauges on the lanes: this wide (as tall as PULSE_CELL_GLYPH)
CELL_LANE_OPACITY = 0.2  # LSTMCell's yellow lane lines, faint under the red they carry
CELL_TRAIL_WIDEN = 1.8  # and the red trails this much wider than the pulse draws them
ENTRY_STEP = 0.5  # the dot's time to cross one step (stretched with the beat)
CELL_LANE_NUMBERS_OUT = 0.15  # and the lanes' unit numbers moved this much further left, clear of it
PULSE_CELL_LANE_GAP = 0.38  # LSTMCell's lanes, wider apart than the hook's: a gap between two lanes' gate boxes
PULSE_CELL_STEP = 1.0  # LSTMCell's travel: a step's share of the beat against the lanes' build (each red share read)
CELL_TRAVEL_SHARE = 0.95  # and the share of its caption's reading time that travel moves through
PULSE_CELL_GLYPH = 0.34  # LSTMCell's f glyphs (gauges): large enough to read how full they are, clear of the next lane
CELL_JACOBIAN_GAP = 0.6  # LSTMCell: the cell path's Jacobian, on the title's row, left of the loss tag
CELL_HEADER_GAP = 0.5  # LSTMCell: the lanes' header row (the net's name, the red's meaning, the loss tag) over the top lane
CELL_KEY_GAP = 0.2  # and the key to the lanes' boxes under the notes under the chain
PULSE_TILE_FLASH = 1.2  # a tile swells this much as the pulse passes it


# ErrorAtStepTwo's two routes, each in its own highlight colour (its lit edges, its travelling dot, its term's
# name in the equations), apart from every weight's colour, the hidden purple and the error's red.
ROUTE_COLORS = {"dark": {"direct": "#F2CC60", "indirect": "#E879F9"},
                "light": {"direct": "#9A6700", "indirect": "#A21CAF"}}


def route_color(palette: Palette, route: str) -> str:
    """The highlight colour of ErrorAtStepTwo's `route` ("direct" or "indirect") in `palette`."""
    return ROUTE_COLORS[palette.name][route]


PREMISE_FADE = 0.5  # the Opening's "symbol 13 repeats symbol 2" arc and words once the errors travel: dimmed by this, kept
PULSE_HOOK_NAME_DROP = 0.2  # the Opening: the LSTM's name row lowered by this, clear of the RNN's share line over it
SCORE_BAR_HEIGHT = 1.8  # RNNvsLSTM's first beat: a score of 1 as a bar this tall
SCORE_BAR_WIDTH = 0.5  # each bar this wide
SCORE_BAR_GAP = 0.35  # T's bar and P's this far apart
SCORE_BAR_GROUP_GAP = 2.5  # the RNN's pair and the LSTM's this far apart
PULSE_GATE_PAD = 0.1  # RNNvsLSTM's forget-gate boxes round their numbers, across: one a step, apart on the lane
PULSE_GATE_SIZE = 22  # and their numbers, smaller than the RNN's boxes': ten three-digit gates fit a step each
PULSE_STEP_MARK_OVER = 0.08  # a lane's step mark (a faint upright line from the step's node) reaches this far over the top lane
PULSE_STEP_MARK_OPACITY = 0.35  # and is this faint: it places the steps on the lanes, under their red
PULSE_END_ROW_LIFT = 0.14  # RNNvsLSTM: the upper row of the RNN's boxes lifted by this, clear of a wide box under it
PULSE_END_HEADER_DROP = 0.17  # RNNvsLSTM: the RNN's name row kept down by this as its chain rises (its share clear of the LSTM's name)
HELD_NUMBER_GAP = 0.2  # LSTMCell: the error a cell holds at step 2, written on its lane, this far right of the unit's number
HELD_NUMBER_SCALE = 0.85  # and this much smaller than a label (the lanes lie close: it must fit between two)
