"""Reading a drawn number's label: does it name the record's quantity and every index the viewer needs?

The convention (notes of 2026-12-07, issue 20): every ``Shown`` carries ``label``, the plain text the
viewer reads the number by, in the screen's symbols, e.g. "h_2, unit 3", "∂L/∂h_t, t = 4",
"RNN, s = 2, lag ℓ = 5", "f_7, unit 8", "LSTM, share of the error left, t = 3". This module is the tests' own
table of which on-screen symbol names which recorded quantity (written here, not read from the
scenes) and the reader that checks a label against a record. tests/test_labels.py uses it.

An index value counts as named only where the label binds it to its index: `t = 4`, `unit 3`,
`lag ℓ = 5`, or inside a subscript, superscript or bracket group (`h_2`, `y_1^(2)`, `B(4, 4, 2)`),
so "h_3, unit 2" does not name t = 2, unit = 3. Unicode sub- and superscripts read as _(...) and ^(...).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

SYMBOLS = "BTPSXVE"  # the Reber symbols, the outputs' and inputs' order (k, j = 1..7)

SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋₊₌₍₎ₜₖᵢⱼₗₕ", "0123456789−+=()tkijlh")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁼⁽⁾ᵗᵏⁱʲˡ", "0123456789−+=()tkijl")
SUB_RUN = re.compile("[₀-₉₋₊₌₍₎ₜₖᵢⱼₗₕ]+")
SUPER_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁼⁽⁾ᵗᵏⁱʲˡ]+")

# A symbol on screen, as regular expressions (any one names the quantity) and one spelling for the
# tests' own conventional labels. DERIVATIVE(a, b): ∂a.../∂b or da.../db.


def derivative(top: str, bottom: str) -> str:
    return rf"[∂d]{top}[^/]*/\s*[∂d]{bottom}"


@dataclass(frozen=True)
class Quantity:
    spelling: str  # how the tests' own conventional label writes the symbol
    names: tuple[str, ...]  # regexes: any one found in the label names the quantity
    needs: tuple[str, ...] = ()  # index keys the viewer must be able to read in the label
    model: str | None = None  # "rnn" | "lstm": the label must say which network (a legend's entry)


SIGMA_Y = r"σ['′]?_?\(?y"
SIGMA_H = r"σ['′]?_?\(?h|tanh['′]"
NORM = r"‖|\|\||norm"
PRODUCT = r"∏|Π|products?"
SUM = r"Σ|∑|sums?|totals?"
SIGMA_U = rf"(?:{SIGMA_H})['′]?\s*·?\s*u"  # the factor table's heading σ_h' u

# Keyed by the recorded quantity; (scene, quantity) where one name means another thing in a scene.
TABLE: dict[str | tuple[str, str], Quantity] = {
    # the 7-4-7 RNN and its derivatives
    "h": Quantity("h", (r"h",), ("t", "unit")),
    "y": Quantity("y", (r"y", r"scores?"), ("t", "k")),
    "x": Quantity("x", (r"x",), ("t", "j")),
    "n": Quantity("n", (r"n",)),
    "m": Quantity("m", (r"m",)),
    "d": Quantity("d", (r"d",)),
    "V": Quantity("v", (r"[vV]",), ("i", "j")),
    "U": Quantity("u", (r"[uU]",), ("i", "j")),
    "W": Quantity("w", (r"[wW]",), ("i", "j")),
    "sigma_y'": Quantity("σ_y'", (SIGMA_Y,), ("t", "k")),
    "sigma_h'": Quantity("σ_h'", (SIGMA_H,), ("t", "unit")),
    "dy/dV": Quantity("∂y/∂v", (derivative("y", "[vV]"),), ("t", "k", "i", "j")),
    "dy/dW": Quantity("∂y/∂w", (derivative("y", "[wW]"),), ("t", "k", "i", "j")),
    "dy/dU": Quantity("∂y/∂u", (derivative("y", "[uU]"),), ("t", "k", "i", "j")),
    "dy/db direct": Quantity("direct ∂y/∂b", (r"(?<![Ii]n)direct",), ("t", "k", "i")),
    "dy/db indirect": Quantity("indirect ∂y/∂b", (r"indirect",), ("t", "k", "i")),
    "dy/db": Quantity("∂y/∂b", (derivative("y", "b"),), ("t", "k", "i")),
    "dy/db sum": Quantity("direct + indirect", (r"direct\s*\+\s*indirect",), ("t", "k", "i")),
    "fan_out": Quantity("Σ", (SUM, r"fan"), ("k", "i")),
    "fan_out branch": Quantity("v σ_h' u", (r"v.*σ.*u",), ("k", "i", "alpha")),  # one term of that sum
    "path_sum_partial": Quantity("Σ", (SUM,), ("paths",)),
    "path_count": Quantity("paths", (r"paths?",), ("t",)),  # paths into one node of step t (of one lag, with "lag")
    "live_path_count": Quantity("paths", (r"paths?",), ()),
    "zero_path_count": Quantity("paths", (r"paths?",), ()),
    "A": Quantity("A", (r"A",), ("t", "unit")),
    "B": Quantity("B", (r"B", SIGMA_U), ("t", "unit", "to")),
    "path_product": Quantity("∏", (PRODUCT, r"γ"), ("path",)),
    "dh/dW": Quantity("∂h/∂w", (derivative("h", "[wW]"),), ("t", "unit", "i", "j")),
    "dh/dW backprop": Quantity("∂h/∂w", (derivative("h", "[wW]"), r"backprop|BPTT"), ("t", "unit", "i", "j")),
    "strongest_path_partial": Quantity("∏", (PRODUCT,), ("lag",)),
    "collapsing_factor": Quantity("B", (r"B", SIGMA_U, r"drop"), ("t", "unit", "to")),
    "jacobian_norm": Quantity("‖∂h/∂h‖", (NORM,)),  # a curve over the lag ℓ: the axis reads ℓ
    "s": Quantity("s", (r"s",)),
    "s_dial": Quantity("s", (r"s",)),
    # the dial's curves: their s is the dial's reading beside them (s_dial), checked in test_shown_values
    "jacobian_norm_rescaled": Quantity("‖∂h/∂h‖", (NORM,)),
    "bound": Quantity("s^ℓ", (r"s\s*\^", r"bound")),
    "lag_part_norm": Quantity("‖∂L/∂W‖", (NORM, derivative("L", "[wW]"))),  # a curve over the lag ℓ
    "dL/dW_norm": Quantity("‖∂L/∂W‖", (derivative("L", "[wW]"), NORM)),
    # the error flow of the LSTM chapter (Opening, LSTMCell, RNNvsLSTM)
    "hidden_size": Quantity("units", (r"units?", r"hidden"), ("model",)),
    "error_factor": Quantity("factor", (r"factors?", r"×", r"ratio"), ("t",), model="rnn"),
    # the running share, one name in every scene: "share of the error left" (of the error at τ, the part left at step t)
    "rnn_error_share": Quantity("share of the error left", (r"share of the error left", r"‖"), ("t",), model="rnn"),
    "lstm_state_share": Quantity("share of the error left", (r"share of the error left", r"‖"), ("t",), model="lstm"),
    "lstm_cell_share": Quantity("share of c", (r"share", r"c", r"cell"), ("t", "unit"), model="lstm"),
    "lstm_cell_error": Quantity("error in c", (r"error in c",), ("t", "unit"), model="lstm"),
    "lstm_h_error": Quantity("error in h", (r"error in h",), ("t",), model="lstm"),
    "lstm_cell_entry": Quantity("error entering c", (r"error entering c",), ("t", "unit"), model="lstm"),
    "lstm_cell_part": Quantity("part of the error in c", (r"part of the error in c",), ("t", "unit", "s"), model="lstm"),
    "lstm_cell_rest": Quantity("rest of the error in c", (r"rest of the error in c",), ("t", "unit"), model="lstm"),
    "lstm_lane_gain": Quantity("f's multiplied", (r"f's multiplied",), ("t", "unit", "s"), model="lstm"),
    "c_other_branch": Quantity("c after the other branch symbol", (r"c.*other branch",), ("t", "unit")),
    "i_by_branch": Quantity("i after a branch symbol", (r"i.*branch symbol",), ("t", "unit")),
    "f_by_branch": Quantity("f after a branch symbol", (r"f.*branch symbol",), ("t", "unit")),
    "g_by_branch": Quantity("g after a branch symbol", (r"g.*branch symbol",), ("t", "unit")),
    "c_by_branch": Quantity("c after a branch symbol", (r"c.*branch symbol",), ("t", "unit")),
    "f": Quantity("f", (r"f",), ("t", "unit")),
    "i": Quantity("i", (r"i",), ("t", "unit")),
    "g": Quantity("g", (r"g",), ("t", "unit")),
    "c": Quantity("c", (r"c",), ("t", "unit")),
    "o": Quantity("o", (r"o",), ("t", "unit")),
    ("LSTMCell", "h"): Quantity("h", (r"h",), ("t", "unit")),
    "open_unit": Quantity("unit", (r"unit",)),
    "open_unit_ring": Quantity("unit", (r"unit",), ("unit",)),
    "forgotten_below": Quantity("less than", (r"less than", r"<", r"below", r"forget")),
    # ReberGrammar's score and the embedded grammar
    "unseen_correct": Quantity("right", (r"right", r"correct")),
    "unseen_count": Quantity("new strings", (r"new", r"unseen", r"strings?")),
    "training_distinct": Quantity("trained on", (r"train(?:ed|ing)?",)),
    "memory_lag": Quantity("lag ℓ", (r"lag", r"ℓ", r"steps?")),
    "predicted_position": Quantity("symbol", (r"symbol", r"position")),
    "tau": Quantity("τ", (r"τ", r"step")),
    "tau_last": Quantity("τ", (r"τ",)),  # VanishingProduct: the last step of the string read (once, or repeated)
    "remembered_position": Quantity("symbol", (r"symbol", r"position")),
    "share_ratio": Quantity("share over share", (r"share.*\bover\b.*share", r"ratio"), ("t",)),
    "bar_scale": Quantity("bar scale", (r"bar scale",)),
    # RNNvsLSTM
    "parameters": Quantity("parameters", (r"parameters?", r"params?"), ("model",)),
    "seed": Quantity("seed", (r"seed",), ("model",)),
    "training_budget": Quantity("training strings", (r"strings?", r"budget", r"training")),
    "chance": Quantity("chance", (r"chance",)),
    "accuracy_axis": Quantity("accuracy", (r"accuracy", r"right", r"correct")),
    "sequences_axis": Quantity("strings", (r"strings?", r"sequences?")),
    "sequences_tick": Quantity("strings", (r"strings?", r"sequences?")),
    "branch_accuracy": Quantity("accuracy", (r"accuracy", r"right", r"correct"), ("model",)),
    "solved_at": Quantity("solved", (r"solved",), ("model",)),
    ("RNNvsLSTM", "y"): Quantity("y", (r"y", r"scores?"), ("model", "symbol", "t")),
}

# How a label may spell an index by name: `name = v` for any of these names, or `word v`.
KEY_NAMES = {
    "t": ("t", "τ"), "unit": ("unit", "i"), "i": ("i", "unit"), "j": ("j",), "k": ("k", "ℓ", "lag"),
    "to": ("to",), "alpha": ("α", "alpha"), "beta": ("β", "beta"), "lag": ("ℓ", "lag", "lag ℓ"),
    "s": ("s",), "scale": ("scale", "×"), "paths": ("paths",), "position": ("position", "symbol"),
    "sequences": ("strings", "sequences"),
}
KEY_WORDS = {"t": ("step",), "unit": ("unit",), "i": ("unit",), "lag": ("lag",), "k": ("lag", "output"),
             "position": ("symbol", "position"), "scale": ("×", "scaled by", "times"),
             "alpha": ("unit",), "beta": ("unit",)}
ARROWS = (("to", "unit"), ("j", "i"))  # "a → b" reads in time order: from unit a (step t-1) to unit b (step t)
GROUPED = {"t", "unit", "i", "j", "k", "to", "alpha", "beta", "position", "lag"}  # may sit in a sub/superscript or (...)
LETTER_KEYS = {"k", "j"}  # an output or input index may be written as its Reber symbol
MODELS = {"rnn": ("RNN",), "lstm": ("LSTM", r"\(h, c\)", "cell")}


def quantity_of(scene: str, quantity: str) -> Quantity | None:
    return TABLE.get((scene, quantity), TABLE.get(quantity))


def plain(label: str) -> str:
    """Unicode sub- and superscripts as _(...) and ^(...); braces as parentheses."""
    label = SUB_RUN.sub(lambda m: "_(" + m.group().translate(SUBSCRIPTS) + ")", label)
    label = SUPER_RUN.sub(lambda m: "^(" + m.group().translate(SUPERSCRIPTS) + ")", label)
    return label.replace("{", "(").replace("}", ")").replace("\u2009", " ").replace("−", "-")


def spellings(value) -> list[str]:
    """The ways a label may write an index value."""
    if isinstance(value, str):
        return [value]
    number = float(value)
    out = {repr(number), f"{number:g}"}
    if number.is_integer():
        out |= {str(int(number)), f"{int(number):,}", f"{int(number):,}".replace(",", " ")}
    if number > 0:
        power = round(math.log10(number))
        if number == 10.0**power:
            out |= {f"10^({power})", f"10^{power}", f"1e{power}", f"1e{power:+03d}"}
    return sorted(out, key=len, reverse=True)


def number_at(number: str) -> str:
    return r"(?<![\d.])" + re.escape(number) + r"(?!\.?\d)"


def numbers_in(group: str) -> set[float]:
    """The numbers in a group of a label, single digits of a bare run (v_21) and differences (t-3) too."""
    found = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", group)}
    if re.fullmatch(r"\d{2,}", group.strip()):
        found |= {float(c) for c in group.strip()}
    for a, b in re.findall(r"(\d+)\s*-\s*(\d+)", group):
        found.add(float(a) - float(b))
    return found


def groups(label: str) -> list[str]:
    """The sub- and superscripts and the bracketed groups of a label."""
    out = re.findall(r"[_^]\(([^()]*)\)", label)
    out += re.findall(r"[_^]([0-9A-Za-zα-ωΑ-Ω]+)", label)
    out += re.findall(r"\(([^()]*)\)", label) + re.findall(r"\[([^\[\]]*)\]", label)
    return out


def binds(label: str, key: str, value, index: dict) -> bool:
    """Whether `label` (plain) names `value` as the index `key`."""
    if key == "model":
        return any(re.search(rf"(?<![A-Za-z]){name}(?![A-Za-z])", label) for name in MODELS[value])
    if key == "symbol":
        return re.search(rf"(?<![A-Za-z]){re.escape(value)}(?![a-z])", label) is not None
    if key == "path":
        wanted = [int(g) for g in value.split(",")]
        for run in re.findall(r"\d+(?:\s*,\s*\d+)+", label):
            seq = [int(n) for n in re.split(r"\s*,\s*", run)]
            if seq in (wanted, wanted[::-1]):
                return True
        return False
    for number in spellings(value):
        for name in KEY_NAMES.get(key, (key,)):  # "t = 4", also "t − r = 4" (the post's step t − r)
            if re.search(rf"(?<![A-Za-zα-ω]){re.escape(name)}(?:\s*[-+]\s*[a-zℓ])?\s*=\s*" + number_at(number), label):
                return True
        for word in KEY_WORDS.get(key, ()):
            space = r"\s+" if word[-1].isalpha() else r"\s*"
            if re.search(rf"(?<![A-Za-z]){word}{space}" + number_at(number), label):
                return True
        if key in ("paths", "sequences") and re.search(number_at(number) + r"(\s+of\s+[\d,]+)?\s+(paths|strings)", label):
            return True
    pairs = re.findall(r"(\d+)\s*(?:→|->)\s*(\d+)", label)
    for first, second in ARROWS:
        if key in (first, second) and first in index and second in index:
            if (str(index[first]), str(index[second])) in pairs:
                return True
    if key == "unit" and "to" not in index and any(b == str(value) for _, b in pairs):  # the unit an arrow reaches
        return True
    if key in ("k", "lag") and "t" in index and not isinstance(value, str) and key != "t":
        if binds(label, "t", float(index["t"]) - float(value), {}):  # the step it reaches back to, named as a step
            return True
    if key in GROUPED and not isinstance(value, str):
        wanted = {float(value)}
        if key in ("k", "lag") and "t" in index:  # a lag may be read as the step it reaches back to, t - ℓ
            wanted.add(float(index["t"]) - float(value))
        if any(wanted & numbers_in(group) for group in groups(label)):
            return True
    if key in LETTER_KEYS and isinstance(value, int) and 1 <= value <= len(SYMBOLS):
        return re.search(rf"(?<![A-Za-z]){SYMBOLS[value - 1]}(?![a-z])", label) is not None
    return False


def names(label: str, quantity: Quantity) -> bool:
    return any(re.search(rf"(?<![A-Za-z])(?:{pattern})(?![a-z])", label) for pattern in quantity.names)


def misread(record: dict) -> str | None:
    """Why the record's label does not name its quantity and index, or None when it does."""
    scene, q, label, index = record["scene"], record["quantity"], record.get("label", ""), record["index"]
    where = f"{scene}/{record['beat']} {q} {index}"
    quantity = quantity_of(scene, q)
    if quantity is None:
        return f"{where}: no entry for {q!r} in tests/labels.py's TABLE (which symbol names it on screen?)"
    if not label.strip():
        return f"{where}: no label"
    text = plain(label)
    if not names(text, quantity):
        return f"{where}: label {label!r} names none of {quantity.names}"
    if quantity.model is not None:
        other = "lstm" if quantity.model == "rnn" else "rnn"
        if not binds(text, "model", quantity.model, index) or binds(text, "model", other, index):
            return f"{where}: label {label!r} does not say it is the {quantity.model.upper()}'s"
    for key in quantity.needs:
        if key not in index:
            return f"{where}: the record has no index {key!r}, which tests/labels.py says the viewer needs"
        if not binds(text, key, index[key], index):
            return f"{where}: label {label!r} does not name {key} = {index[key]}"
    for key in ("s", "t", "unit"):  # a label that says "s = 0.5" names s, needed or not: it must be the record's
        said = re.findall(rf"(?<![A-Za-zα-ω]){key}\s*=\s*(\d+(?:\.\d+)?)", text)
        if key in index and said and not any(float(v) == float(index[key]) for v in said):
            return f"{where}: label {label!r} says {key} = {', '.join(said)}"
    if "model" in index and "model" not in quantity.needs:
        other = "lstm" if index["model"] == "rnn" else "rnn"
        if binds(text, "model", other, index):
            return f"{where}: label {label!r} names the other network"
    return None


def conventional(record: dict) -> str:
    """A label written by the convention for `record`, from this module's table (for planting bugs)."""
    quantity = quantity_of(record["scene"], record["quantity"])
    parts = [quantity.spelling]
    if quantity.model is not None:
        parts.insert(0, MODELS[quantity.model][0])
    for key in quantity.needs:
        value = record["index"][key]
        if key == "model":
            parts.insert(0, MODELS[value][0])
        elif key == "symbol":
            parts.append(f"symbol {value}")
        elif key == "path":
            parts.append("γ = (" + ", ".join(value.split(",")) + ")")
        else:
            parts.append(f"{KEY_NAMES.get(key, (key,))[0]} = {spellings(value)[-1]}")
    return ", ".join(parts)
