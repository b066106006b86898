"""Every box, ring, lit path and highlighted unit points at what the model says it must.

The scenes record each highlight as drawn with ``StoryScene.mark(kind, target, index)`` (the
convention of 2026-12-07: targets "symbol", "unit", "path" in time order, "edge", "output", "node",
"step"). Here each mark is checked, by its scene and target, against a computation of this file's own:
a plain numpy forward pass over the weights in assets/ (tests/reference_nets.py), the Reber graph
written out below, and brute force over paths, never the scenes' helpers or the model's code:

- ReberGrammar, LSTMCell, RNNvsLSTM, Opening: boxed symbols are the remembered one (position 2) and its
  repeat (the second-to-last), the same symbol; the output at step t predicts symbol t + 1. Rings on
  outputs (every scene) are the grammar's legal next symbols; ReberGrammar's squares the scores above
  0.5; its walk lights, at step t, the edge that writes symbol t between the walk's states.
  Its small network lights each symbol of the string as it is read, in the beat whose grid shows the outputs.
- ErrorAtStepOne: a lit w_ij reads the symbol of its step (x_t^j = 1) into the unit differentiated; a lit
  v_kj leads to the output whose derivative is shown; a lit input symbol is the one a lit weight reads.
- ErrorAtStepOne, ErrorAtStepTwo: a lit node is an end of a weight or path lit with it.
- ErrorRecurrence: a ringed node is where a lit path's A acts (unit i, at a step that reads symbol j), or the node
  differentiated (h_t^alpha of the derivative shown); lit U edges are the fan into that node (one step of the
  recurrence) or a whole bundle into a step 2..t of the trellis, every bundle lit as the J_s are named.
- Opening, LSTMCell, RNNvsLSTM: the followed step τ is the one whose output predicts the repeat.
- LSTMCell: the chosen unit is the one whose cell at step 2 differs most between the T and P branches (it stores the
  branch symbol; our own LSTM steps); a gate
  lit in a beat is the gate whose values (the model's, at the lit step) that beat shows, and it shows no other.
- VanishingProduct: the lit path is the strongest of all paths through the string (brute force); a boxed
  edge is on it (in time order, from g_(t-1) to g_t) and is its factor smallest in size.
- ErrorRecurrence: every lit path runs, in time order, from unit i to the differentiated unit with a
  non-zero product, and the path shown in detail is the largest.
- ErrorAtStepTwo: the lit parts are b_h^i's direct path (h_2^i to y_2^k) and its indirect fan (h_1^i
  through every h_2^α to y_2^k), and both are lit.
Planted wrong marks (a box a step off, a path reversed, another unit) must be rejected.
"""

from __future__ import annotations

import itertools
from functools import cache
from types import SimpleNamespace

import numpy as np
import pytest
from builds import SHORT_STRING, inspected
from reference_nets import SYMBOLS, lstm_trace, one_hot, rnn_states, sigmoid, weights

from lstm_explainer import scenes
from lstm_explainer.scenes.settings import Mark

pytestmark = pytest.mark.xdist_group("builds")

SCENE_NAMES = [scene.__name__ for scene in scenes.in_story_order()]
STRINGS = (None, SHORT_STRING)

# The Reber graph (the post's figure): state -> {symbol: next state}; 6 is the end, read E there.
REBER = {0: {"B": 1}, 1: {"T": 2, "P": 3}, 2: {"S": 2, "X": 4}, 3: {"T": 3, "V": 5},
         4: {"X": 3, "S": 6}, 5: {"P": 4, "V": 6}, 6: {"E": 7}, 7: {}}


def reber_states(string: str) -> list[int]:
    """The graph's state after 0, 1, ..., len(string) symbols (an error for a string the graph cannot write)."""
    states = [0]
    for symbol in string:
        states.append(REBER[states[-1]][symbol])
    return states


def is_reber(string: str) -> bool:
    try:
        return reber_states(string)[-1] == 7
    except KeyError:
        return False


def is_embedded(string: str) -> bool:
    return (len(string) > 5 and string[0] == "B" and string[1] in "TP" and string[-2] == string[1]
            and string[-1] == "E" and is_reber(string[2:-2]))


def legal_next(string: str, t: int) -> set[str]:
    """The symbols the grammar allows after the first t symbols (the plain or the embedded grammar)."""
    if is_embedded(string):
        if t == 1:
            return {"T", "P"}
        if t == 2:
            return {"B"}
        if t == len(string) - 2:
            return {string[1]}
        if t == len(string) - 1:
            return {"E"}
        if t >= len(string):
            return set()
        return set(REBER[reber_states(string[2:t])[-1]])
    return set(REBER[reber_states(string[:t])[-1]])


# ------------------------------------------------------------ our own networks


def forget_gates(string: str) -> np.ndarray:
    """f (T+1, d) of the embedded-Reber LSTM, row t = f_t (row 0 unused)."""
    trace = lstm_trace(string)
    return np.array([np.full(len(trace[0]["h"]), np.nan)] + [step["f"] for step in trace[1:]])


def tau_of(embedded: str) -> int:
    """The step whose output predicts the repeat of the remembered symbol (the repeat sits second to last)."""
    return len(embedded) - 2


def remembering_unit(embedded: str) -> int:
    """The unit (1-based) that stores the branch symbol: its cell at step 2 differs most between the string after B T
    and after B P, by our own LSTM steps."""
    other = {"T": "P", "P": "T"}[embedded[1]]
    mine, theirs = lstm_trace(embedded[:2])[2]["c"], lstm_trace("B" + other)[2]["c"]
    return int(np.argmax(np.abs(mine - theirs))) + 1


@cache
def strongest_path(string: str) -> tuple[int, ...]:
    """The units (time order, steps 1..T) of the path whose factors σ'(a_s^{g_s}) u_{g_s g_(s-1)}, s = 2..T,
    have the largest product in size: every one of d^T paths tried."""
    h, _ = rnn_states(string)
    U = weights("rnn_reber")["U"]
    d, T = U.shape[0], len(string)
    with np.errstate(divide="ignore"):
        log_factor = [None, None] + [np.log(np.abs((1 - h[s] ** 2)[:, None] * U)) for s in range(2, T + 1)]
    total = np.zeros((d,) * T)  # axis s-1: the unit at step s
    for s in range(2, T + 1):  # factor [g_s, g_(s-1)] on axes s-1 and s-2
        shape = [1] * T
        shape[s - 1], shape[s - 2] = d, d
        total = total + log_factor[s].T.reshape(shape)  # .T: axis s-2 (g_(s-1)) comes first
    best = np.unravel_index(int(np.argmax(total)), total.shape)
    return tuple(int(g) + 1 for g in best)


def recurrence_product(string: str, t: int, i: int, j: int, path: tuple[int, ...]) -> float:
    """The product of a path in time order (g_(t-ℓ) = i, ..., g_t): A at its first step, a B per step after."""
    h, _ = rnn_states(string)
    U, x = weights("rnn_reber")["U"], one_hot
    start = t - len(path) + 1
    value = (1 - h[start, path[0] - 1] ** 2) * (path[0] == i) * x(string[start - 1])[j - 1]
    for step, (before, unit) in enumerate(zip(path, path[1:]), start=start + 1):
        value *= (1 - h[step, unit - 1] ** 2) * U[unit - 1, before - 1]
    return float(value)


def largest_recurrence_path(string: str, t: int, unit: int, i: int, j: int) -> tuple[int, ...]:
    d = weights("rnn_reber")["U"].shape[0]
    paths = [(*middle, unit) for lag in range(t) for middle in itertools.product(range(1, d + 1), repeat=lag)]
    return max(paths, key=lambda path: abs(recurrence_product(string, t, i, j, path)))


# ------------------------------------------------------------ what each mark must point at


def digits(value) -> tuple[int, ...]:
    return tuple(int(g) for g in str(value).split(","))


def shown(scene, quantity: str) -> list:
    return [s for s in scene.shown if s.quantity == quantity]


GATES = ("f", "i", "g", "c", "o", "h")  # the LSTM cell's parts, as recorded


def wrong_gate(mark: dict, scene) -> str | None:
    """A gate lit in a beat: that beat shows the gate's values at that step (the model's), and no gate it does not light."""
    name, t, beat = mark["index"]["gate"], mark["index"]["t"], mark["beat"]
    shown_here = [r for r in scene.shown if r.beat == beat and r.quantity in GATES]
    lit_here = {m.index["gate"] for m in scene.marks if m.beat == beat and m.target == "gate"}
    if not shown_here:  # a beat that lights a gate over values drawn earlier (the cell path's f): those values
        order = [b.name for b in scene.beats]
        before = set(order[: order.index(beat) + 1]) if beat in order else {beat}
        shown_here = [r for r in scene.shown if r.beat in before and r.quantity == name]
    values = [r for r in shown_here if r.quantity == name and r.index.get("t") == t]
    if not values:
        return f"{name} lit at step {t}, but the beat shows no {name}_{t}"
    unlit = sorted({r.quantity for r in shown_here} - lit_here)
    if unlit:
        return f"{name} lit, but the beat also shows {unlit}"
    own = lstm_trace(mark["string"])[t][name]
    off = [r.index for r in values if not np.isclose(r.value, own[r.index["unit"] - 1], rtol=1e-9, atol=0)]
    return f"{name}_{t} shown, but {off} are not the model's" if off else None


def wrong_symbol(mark: dict, scene) -> str | None:
    string, t = mark["string"], mark["index"]["t"]
    if mark["scene"] == "ReberGrammar" and mark["kind"] == "lit" and scene is not None:  # the small network reads it
        steps = {m.index["t"] for m in scene.marks if m.target == "output" and m.beat == mark["beat"]}  # as the grid fills
        if not steps:
            return f"symbol {t} lit in a beat that shows no outputs"
        return None if 1 <= t <= len(string) else f"symbol {t} lit; {string!r} has {len(string)} symbols"
    if mark["kind"] == "lit" and scene is not None:  # the symbol read at the step whose cell is shown
        steps = {m.index["t"] for m in scene.marks if m.target == "gate"}
        if steps:
            return None if t in steps else f"symbol {t} lit; the cell shown is at step {sorted(steps)}"
    if not is_embedded(string) and mark["kind"] == "lit" and scene is not None:  # the input a lit weight reads
        steps = {m.index["t"] for m in scene.marks if m.target == "edge" and m.beat == mark["beat"] and "weight" in m.index}
        return None if t in steps else f"symbol {t} lit; the weights lit in the beat read steps {sorted(steps)}"
    if not is_embedded(string):
        return f"a box on symbol {t} of {string!r}, which is not an embedded Reber string"
    if t not in (2, len(string) - 1):
        return f"symbol {t} of {string!r} boxed: the remembered symbol is 2, its repeat {len(string) - 1}"
    return None


def wrong_step(mark: dict, scene) -> str | None:
    string, t = mark["string"], mark["index"]["t"]
    if mark["scene"] == "ReberGrammar" and not is_embedded(string):
        return None if 1 <= t <= len(string) else f"step {t} is not in {string!r}"
    if t != tau_of(string):
        return f"step {t} marked: the output that predicts the repeat of {string[1]!r} is step τ = {tau_of(string)}"
    return None


def derivatives(scene) -> list:
    """The derivatives of an output the scene shows (dy/dW, dy/dV, dy/dU, dy/db), by their records."""
    return [r for r in scene.shown if r.quantity.startswith("dy/d")]


def wrong_output(mark: dict, scene) -> str | None:
    string, t, k = mark["string"], mark["index"]["t"], mark["index"]["k"]
    if mark["kind"] == "ring":  # the grammar's legal next symbols
        if SYMBOLS[k - 1] not in legal_next(string, t):
            return f"ring on output {SYMBOLS[k - 1]} at step {t}: the grammar allows {sorted(legal_next(string, t))} after {string[:t]!r}"
        return None
    if mark["scene"] == "ReberGrammar":  # a filled square: a score above 0.5
        _, y = rnn_states(string)
        return None if y[t - 1, k - 1] > 0.5 else f"square on y_{t}^{k} = {y[t - 1, k - 1]:.3f}"
    if mark["scene"] in ("ErrorAtStepOne", "ErrorAtStepTwo"):  # the output whose derivative is shown
        outputs = {(r.index["t"], r.index["k"]) for r in derivatives(scene)}
        return None if (t, k) in outputs else f"output y_{t}^{k} lit; the derivatives shown are of {sorted(outputs)}"
    return f"no check for outputs marked in {mark['scene']}"


def wrong_unit(mark: dict, scene) -> str | None:
    if mark["scene"] not in ("LSTMCell", "RNNvsLSTM"):  # RNNvsLSTM boxes the forget gates of the unit LSTMCell follows
        return f"no check for units marked in {mark['scene']}"
    unit, role, string = mark["index"]["unit"], mark["index"].get("role", "remembers"), mark["string"]
    if role == "remembers":
        best = remembering_unit(string)
        return None if unit == best else f"unit {unit} marked as chosen; the cell storing the branch symbol is unit {best}"
    # the others: a unit keeps its error when its forget gates over the lag multiply to at least a hundredth
    kept = np.prod(forget_gates(string)[3 : tau_of(string) + 1], axis=0)[unit - 1]
    if role == "keeps":
        return None if kept >= 0.01 else f"unit {unit} marked as keeping, but its cell path keeps {kept:.3g}"
    if role == "forgets":
        return None if kept < 0.01 else f"unit {unit} marked as forgetting, but its cell path keeps {kept:.3g}"
    return f"unit {unit} marked with an unknown role {role!r}"


def bias_example(scene) -> tuple[int, int]:
    (total,) = shown(scene, "dy/db")
    return total.index["k"], total.index["i"]


def wrong_path(mark: dict, scene) -> str | None:
    path, string = digits(mark["index"]["path"]), mark["string"]
    if mark["scene"] == "VanishingProduct":
        best = strongest_path(string)
        return None if path == best else f"path {path} lit; the strongest through {string!r} is {best}"
    if mark["scene"] == "ErrorRecurrence":
        (derivative,) = shown(scene, "dh/dW")
        t, unit, i, j = (derivative.index[key] for key in ("t", "unit", "i", "j"))
        if path[-1] != unit or path[0] != i or len(path) > t:
            return f"path {path}: in time order it must run from unit {i} to unit {unit}, at most {t} steps"
        if recurrence_product(string, t, i, j, path) == 0:
            return f"path {path} lit, but its product is 0"
        if mark["beat"] == "one_path_beat" and path != largest_recurrence_path(string, t, unit, i, j):
            return f"path {path} shown in detail; the largest is {largest_recurrence_path(string, t, unit, i, j)}"
        return None
    if mark["scene"] == "ErrorAtStepTwo":
        k, i = bias_example(scene)
        U = weights("rnn_reber")["U"]
        if path == (i,) or (len(path) == 2 and path[0] == i and U[path[1] - 1, i - 1] != 0):
            return None
        return f"path {path} lit: b_h^{i} reaches y_2^{k} through h_2^{i} (direct) or h_1^{i}, h_2^α (indirect)"
    return f"no check for paths lit in {mark['scene']}"


def wrong_node(mark: dict, scene) -> str | None:
    t, unit = mark["index"]["t"], mark["index"]["unit"]
    if mark["scene"] in ("ErrorAtStepOne", "ErrorAtStepTwo"):  # an end of a weight lit beside it, or of a lit path
        ends = set()
        for m in scene.marks:
            if m.beat != mark["beat"]:
                continue
            if m.target == "edge" and m.index.get("weight") == "v":
                ends.add((m.index["t"], m.index["j"]))
            elif m.target == "edge" and m.index.get("weight") in ("w", "u"):
                ends.add((m.index["t"], m.index["i"]))
            elif m.target == "path":
                units = digits(m.index["path"])
                ends |= {(m.index["t"] - len(units) + 1 + n, g) for n, g in enumerate(units)}
        return None if (t, unit) in ends else f"node h_{t}^{unit} lit, on no weight or path lit in the beat"
    if mark["scene"] == "ErrorRecurrence" and mark["index"].get("role") == "differentiated":  # the node asked about
        (derivative,) = shown(scene, "dh/dW")
        if (t, unit) != (derivative.index["t"], derivative.index["unit"]):
            return f"node h_{t}^{unit} ringed as the one differentiated; the derivative shown is of h_{derivative.index['t']}^{derivative.index['unit']}"
        return None
    if mark["scene"] == "ErrorRecurrence":  # where a lit path starts: its A factor, w_ij into unit i at a step reading j
        (derivative,) = shown(scene, "dh/dW")
        i, j = derivative.index["i"], derivative.index["j"]
        if unit != i or mark["string"][t - 1] != SYMBOLS[j - 1]:
            return f"node h_{t}^{unit} ringed; a path's A acts on unit {i} at a step that reads {SYMBOLS[j - 1]}"
        return None
    if mark["scene"] == "VanishingProduct":
        best = strongest_path(mark["string"])
        return None if best[t - 1] == unit else f"node h_{t}^{unit} lit; the strongest path is at unit {best[t - 1]} there"
    return f"no check for nodes marked in {mark['scene']}"


def wrong_weight(mark: dict, scene) -> str | None:
    """A weight of the 7-4-7 net lit at step t: w_ij reads the symbol of step t; v_kj leads to an output whose
    derivative is shown; a whole matrix ({"weight": "W"}) at a step whose derivative is shown."""
    index, string = mark["index"], mark["string"]
    t, weight = index["t"], index["weight"]
    outputs = {(r.index["t"], r.index["k"]) for r in derivatives(scene)}
    units = {r.index["i"] for r in derivatives(scene) if r.quantity in ("dy/dW", "dy/dU", "dy/db")}
    if weight in ("W", "U", "V"):
        return None if any(s == t for s, _ in outputs) or t == 1 else f"{weight} lit at step {t}"
    if weight == "v":
        if mark["beat"] == "w_beat" and t == 1:  # w_ij's reach: every V edge out of the unit differentiated
            return None if index["j"] in units else f"v_{index['k']}{index['j']} lit; the units differentiated are {sorted(units)}"
        return None if (t, index["k"]) in outputs else f"v_{index['k']}{index['j']} lit at step {t}; derivatives shown: {sorted(outputs)}"
    if weight == "w":
        if string[t - 1] != SYMBOLS[index["j"] - 1]:
            return f"w_{index['i']}{index['j']} lit at step {t}, which reads {string[t - 1]}, not {SYMBOLS[index['j'] - 1]}"
        if mark["beat"] == "influence_beat":  # all that moves y_1^k: the read symbol's weights into every unit
            return None
        return None if index["i"] in units else f"w_{index['i']}{index['j']} lit; the units differentiated are {sorted(units)}"
    if weight == "u":  # the hidden weight whose derivative is shown, from h_(t-1)^j into h_t^i
        shown_u = {(r.index["t"], r.index["i"], r.index["j"]) for r in derivatives(scene) if r.quantity == "dy/dU"}
        key = (t, index["i"], index["j"])
        return None if key in shown_u else f"u_{index['i']}{index['j']} lit at step {t}; dy/du shown for {sorted(shown_u)}"
    return f"no check for the weight {weight!r}"


def wrong_walk_edge(mark: dict, scene) -> str | None:
    """ReberGrammar's walk: the edge lit at step t writes symbol t, between the states the walk is in then."""
    index, string = mark["index"], mark["string"]
    t = index["t"]
    if index.get("symbol") != string[t - 1]:
        return f"edge lit at step {t} writes {index.get('symbol')!r}; symbol {t} of {string!r} is {string[t - 1]!r}"
    states = reber_states(string)
    named: dict[str, int] = {}  # the scene's name of each state, from every edge it lit in this string
    for m in scene.marks:
        if m.target == "edge" and m.string == string and "symbol" in m.index:
            for name, state in ((m.index["from"], states[m.index["t"] - 1]), (m.index["to"], states[m.index["t"]])):
                if named.setdefault(str(name), state) != state:
                    return f"the walk's edges name state {name!r} for two states of the graph"
    return None


def wrong_edge(mark: dict, scene) -> str | None:
    index = mark["index"]
    if mark["scene"] == "ErrorRecurrence":  # one step's bundle of U edges into a step after the first, or its fan into one node
        (derivative,) = shown(scene, "dh/dW")
        if index.get("weight") != "U" or not 2 <= index["t"] <= derivative.index["t"]:
            return f"{index} lit; the trellis's U edges run into steps 2 to {derivative.index['t']}"
        if "to" in index and (index["t"], index["to"]) != (derivative.index["t"], derivative.index["unit"]):
            return f"the U edges into h_{index['t']}^{index['to']} lit; the recurrence's step is into h_{derivative.index['t']}^{derivative.index['unit']}"
        return None
    if "weight" in index:
        return wrong_weight(mark, scene)
    if mark["scene"] == "ReberGrammar":
        return wrong_walk_edge(mark, scene)
    t, start, end = index["t"], index["from"], index["to"]
    if mark["scene"] == "VanishingProduct":  # an edge of the strongest path, in time order: g_(t-1) to g_t
        best = strongest_path(mark["string"])
        if (start, end) != (best[t - 2], best[t - 1]):
            return f"edge {start}->{end} at step {t}; the strongest path goes {best[t - 2]}->{best[t - 1]} there"
        if mark["kind"] in ("box", "ring"):  # the factor that shrinks the product most
            h, _ = rnn_states(mark["string"])
            U = weights("rnn_reber")["U"]
            size = [abs((1 - h[s, best[s - 1] - 1] ** 2) * U[best[s - 1] - 1, best[s - 2] - 1]) for s in range(2, len(best) + 1)]
            if t != int(np.argmin(size)) + 2:
                return f"factor at step {t} marked; the smallest in size is at step {int(np.argmin(size)) + 2}"
        return None
    return f"no check for edges marked in {mark['scene']}"


CHECKS = {"symbol": wrong_symbol, "step": wrong_step, "output": wrong_output, "unit": wrong_unit,
          "path": wrong_path, "node": wrong_node, "edge": wrong_edge, "gate": wrong_gate}

# What each scene highlights and so must have marked (tests/test_marks.py reads them).
MUST_MARK = {
    "ReberGrammar": {"symbol", "output", "edge"},
    "UnrollRNN": {"output"},
    "ErrorAtStepOne": {"output", "edge", "node", "symbol"},
    "ErrorAtStepTwo": {"output", "path"},  # its two terms' routes: see below
    "ErrorRecurrence": {"path", "node", "edge"},
    "VanishingProduct": {"path", "edge"},
    "LSTMCell": {"symbol", "unit", "step", "gate"},
    "Opening": {"step", "symbol"},
    "RNNvsLSTM": {"step", "symbol", "unit"},
}


def wrong(mark: dict, scene) -> str | None:
    check = CHECKS.get(mark["target"])
    if check is None:
        return f"{mark['scene']}: no check for a mark on a {mark['target']!r}; add one to tests/test_marks.py"
    problem = check(mark, scene)
    return None if problem is None else f"{mark['scene']}/{mark['beat']} {mark['kind']} {mark['index']}: {problem}"


def mark(scene: str, kind: str, target: str, index: dict, string: str, beat: str = "") -> dict:
    return {"scene": scene, "beat": beat, "string": string, "kind": kind, "target": target, "index": index}


def build(scene: str, string: str | None = None):
    return inspected(scene, string).scene


# ------------------------------------------------------------ the checks themselves, and planted marks


def test_the_reber_graph_written_here_writes_the_strings_the_scenes_read():
    assert is_reber("BTSSXXTVVE") and is_reber(SHORT_STRING) and not is_reber("BTSSXXTVE")
    assert legal_next("BTSSXXTVVE", 1) == {"T", "P"} and legal_next("BTSSXXTVVE", 2) == {"S", "X"}
    assert is_embedded("BTBTSSXXTVVETE") and not is_embedded("BTBTSSXXTVVEPE")


def test_the_strongest_path_by_brute_force_beats_every_path_tried_at_random():
    string = "BTSSXXTVVE"
    h, _ = rnn_states(string)
    U = weights("rnn_reber")["U"]

    def size(path):
        return np.prod([abs((1 - h[s, path[s - 1] - 1] ** 2) * U[path[s - 1] - 1, path[s - 2] - 1]) for s in range(2, len(path) + 1)])

    best = strongest_path(string)
    rng = np.random.default_rng(0)
    for _ in range(2000):
        other = tuple(int(g) for g in rng.integers(1, 5, len(string)))
        assert size(other) <= size(best)


def test_planted_wrong_marks_are_rejected():
    default = "BTSSXXTVVE"
    embedded = "BTBTSSXXTVVETE"
    L = len(embedded)
    # a box on the symbol the output at τ predicts, and one a step off
    assert wrong(mark("ReberGrammar", "box", "symbol", {"t": L - 1}, embedded), None) is None
    assert wrong(mark("ReberGrammar", "box", "symbol", {"t": L - 2}, embedded), None) is not None
    assert wrong(mark("LSTMCell", "box", "step", {"t": L - 2}, embedded), None) is None
    assert wrong(mark("LSTMCell", "box", "step", {"t": L - 1}, embedded), None) is not None
    # grammar rings a step off
    ring = [mark("ReberGrammar", "ring", "output", {"t": t, "k": SYMBOLS.index(s) + 1}, default)
            for t in range(1, len(default)) for s in legal_next(default, t)]
    assert all(wrong(m, None) is None for m in ring)
    off = [{**m, "index": {**m["index"], "t": m["index"]["t"] + 1}} for m in ring]
    assert any(wrong(m, None) is not None for m in off)
    # the chosen LSTM unit and any other
    best = remembering_unit(embedded)
    assert wrong(mark("LSTMCell", "ring", "unit", {"unit": best}, embedded), None) is None
    assert all(wrong(mark("LSTMCell", "ring", "unit", {"unit": u}, embedded), None) for u in range(1, 9) if u != best)
    # the strongest path, reversed (drawn against time) and with one unit changed
    path = strongest_path(default)
    as_text = ",".join(map(str, path))
    assert wrong(mark("VanishingProduct", "lit", "path", {"path": as_text}, default), None) is None
    assert path[::-1] == path or wrong(mark("VanishingProduct", "lit", "path", {"path": ",".join(map(str, path[::-1]))}, default), None)
    changed = (*path[:4], path[4] % 4 + 1, *path[5:])
    assert wrong(mark("VanishingProduct", "lit", "path", {"path": ",".join(map(str, changed))}, default), None)


def test_planted_wrong_marks_on_the_recurrence_and_the_bias_paths_are_rejected():
    scene = build("ErrorRecurrence")
    (derivative,) = shown(scene, "dh/dW")
    t, unit, i, j = (derivative.index[key] for key in ("t", "unit", "i", "j"))
    string = scene.reber_string
    best = largest_recurrence_path(string, t, unit, i, j)
    # the scene's own first product is that path, read in the post's order (from step t back)
    first = shown(scene, "path_product")[0]
    assert digits(first.index["path"])[::-1] == best
    lit = mark("ErrorRecurrence", "lit", "path", {"path": ",".join(map(str, best))}, string, "one_path_beat")
    assert wrong(lit, scene) is None
    assert wrong({**lit, "index": {"path": first.index["path"]}}, scene) is not None, "reversed: drawn against time"
    second = digits(shown(scene, "path_product")[1].index["path"])[::-1]
    assert wrong({**lit, "index": {"path": ",".join(map(str, second))}}, scene) is not None, "not the largest"
    assert wrong({**lit, "beat": "sweep_beat", "index": {"path": ",".join(map(str, second))}}, scene) is None
    # the node differentiated is ringed, not its neighbour or the same unit a step before; a path's A ring sits on unit i
    asked = mark("ErrorRecurrence", "ring", "node", {"t": t, "unit": unit, "role": "differentiated"}, string, "question_beat")
    assert wrong(asked, scene) is None
    assert wrong({**asked, "index": {"t": t, "unit": unit % 4 + 1, "role": "differentiated"}}, scene) is not None, "another unit"
    assert wrong({**asked, "index": {"t": t - 1, "unit": unit, "role": "differentiated"}}, scene) is not None, "a step before"
    assert wrong({**asked, "index": {"t": t, "unit": i % 4 + 1}}, scene) is not None, "a path's A ring off unit i"
    # the recurrence's fan runs into the node differentiated; the bundles stay inside the trellis of t steps
    fan = mark("ErrorRecurrence", "lit", "edge", {"weight": "U", "t": t, "to": unit}, string, "step_beat")
    assert wrong(fan, scene) is None
    assert wrong({**fan, "index": {"weight": "U", "t": t, "to": unit % 4 + 1}}, scene) is not None, "the fan into another unit"
    assert wrong({**fan, "index": {"weight": "U", "t": t - 1, "to": unit}}, scene) is not None, "the fan a step early"
    bundle = mark("ErrorRecurrence", "lit", "edge", {"weight": "U", "t": 2}, string, "jacobian_beat")
    assert wrong(bundle, scene) is None
    assert wrong({**bundle, "index": {"weight": "U", "t": 1}}, scene) is not None, "no edges run into step 1"
    assert wrong({**bundle, "index": {"weight": "W", "t": 2}}, scene) is not None, "the trellis draws U's edges only"

    scene = build("ErrorAtStepTwo")
    k, i = bias_example(scene)
    string = scene.reber_string
    assert wrong(mark("ErrorAtStepTwo", "lit", "path", {"path": str(i)}, string), scene) is None
    assert wrong(mark("ErrorAtStepTwo", "lit", "path", {"path": f"{i},{i % 4 + 1}"}, string), scene) is None
    assert wrong(mark("ErrorAtStepTwo", "lit", "path", {"path": str(i % 4 + 1)}, string), scene) is not None
    assert wrong(mark("ErrorAtStepTwo", "lit", "output", {"t": 2, "k": k % 7 + 1}, string), scene) is not None
    assert wrong(mark("ErrorAtStepTwo", "lit", "node", {"t": 1, "unit": i % 4 + 1}, string), scene) is not None


def test_planted_wrong_gate_marks_are_rejected():
    # LSTMCell's real records, with the gate marks the convention asks for, then one beat lighting another gate
    real = build("LSTMCell")
    shown = [r for r in real.shown if r.quantity in GATES and r.index.get("t") == 2]
    beats = {}
    for r in shown:
        beats.setdefault(r.beat, set()).add(r.quantity)
    string = shown[0].string
    marks = [Mark("LSTMCell", beat, string, "lit", "gate", {"gate": g, "t": 2}) for beat, gates in beats.items() for g in sorted(gates)]
    scene = SimpleNamespace(shown=real.shown, marks=marks)
    # f, i, g and c in their own beats, o and h in the output gate's, and f again where the cell path names it
    assert len(marks) == 7 and all(wrong(m.as_dict(), scene) is None for m in marks)
    forget = next(m for m in marks if m.index["gate"] == "f")
    swapped = Mark(**{**forget.as_dict(), "index": {"gate": "i", "t": 2}})
    scene = SimpleNamespace(shown=real.shown, marks=[swapped if m is forget else m for m in marks])
    assert wrong(swapped.as_dict(), scene) is not None, "the forget gate's beat lights the input gate"
    late = Mark(**{**forget.as_dict(), "index": {"gate": "f", "t": 3}})
    assert wrong(late.as_dict(), SimpleNamespace(shown=real.shown, marks=[late])) is not None, "a step off"
    # the symbol lit beside the cell is the one read at the cell's step
    lit = mark("LSTMCell", "lit", "symbol", {"t": 2}, string)
    assert wrong(lit, SimpleNamespace(shown=real.shown, marks=marks)) is None
    assert wrong({**lit, "index": {"t": 3}}, SimpleNamespace(shown=real.shown, marks=marks)) is not None


@pytest.mark.parametrize("string", STRINGS, ids=("default", "short"))
@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_every_mark_points_at_what_the_model_says(scene, string):
    built = build(scene, string)
    # a scene attribute of its own called `marks` would hide StoryScene's list of them
    assert isinstance(built.marks, list) and all(isinstance(m, Mark) for m in built.marks), type(built.marks)
    problems = [wrong(m.as_dict(), built) for m in built.marks]
    assert [p for p in problems if p] == []


@pytest.mark.parametrize("string", STRINGS, ids=("default", "short"))
@pytest.mark.parametrize("scene", sorted(MUST_MARK))
def test_every_highlight_a_scene_draws_is_marked(scene, string):
    built = build(scene, string)
    marked = {m.target for m in built.marks}
    assert MUST_MARK[scene] <= marked, f"{scene} draws highlights on {sorted(MUST_MARK[scene] - marked)} it does not mark"
    if scene == "ErrorAtStepTwo":  # both terms lit: the direct path (h_2^i alone) and the indirect fan (from h_1^i)
        k, i = bias_example(built)
        lit = {digits(m.index["path"]) for m in built.marks if m.target == "path"}
        nodes = {(m.index["t"], m.index["unit"]) for m in built.marks if m.target == "node"}
        assert (i,) in lit or (2, i) in nodes, "the direct term's path is not marked"
        assert any(len(p) == 2 for p in lit) or (1, i) in nodes, "the indirect term's fan is not marked"
    if scene == "ErrorRecurrence":  # the node asked about ringed, its fan lit, and every bundle lit as the J_s are named
        (derivative,) = shown(built, "dh/dW")
        t, unit = derivative.index["t"], derivative.index["unit"]
        asked = [(m.index["t"], m.index["unit"]) for m in built.marks if m.index.get("role") == "differentiated"]
        assert asked == [(t, unit)]
        fans = [(m.index["t"], m.index["to"]) for m in built.marks if m.target == "edge" and "to" in m.index]
        assert set(fans) == {(t, unit)}  # the fan in one beat, its path's edge into step t in another
        bundles = {m.index["t"] for m in built.marks if m.beat in ("jacobian_beat", "product_beat") and m.target == "edge"}
        assert sorted(bundles) == list(range(2, t + 1))
