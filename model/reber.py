"""The Reber grammar and its embedded variant, as small finite automata.

The grammar is the one Hochreiter & Schmidhuber (1997) use for their
benchmark.  Its graph has six inner nodes, numbered 0..5 as in the usual
drawing, plus a start state (before the leading ``B``) and an accept state
(after the closing ``E``)::

    start --B--> 0
    0 --T--> 1      0 --P--> 2
    1 --S--> 1      1 --X--> 3
    2 --T--> 2      2 --V--> 4
    3 --X--> 2      3 --S--> 5
    4 --P--> 3      4 --V--> 5
    5 --E--> accept

An *embedded* Reber string is ``B``, then ``T`` or ``P``, then a whole inner
Reber string, then the same ``T`` or ``P`` again, then ``E``.  Predicting that
second-to-last symbol needs a memory of the second symbol across the whole
inner string, which is what a vanilla RNN finds hard.

Conventions used everywhere below:

* ``successors(s)[t]`` is the set of symbols that may legally follow the
  prefix ``s[:t+1]`` (0-based ``t``), so the list has one entry per symbol of
  ``s`` and, for a complete string, the last entry is the empty set.
* Error messages count positions from 1, as a reader would.
* Randomness comes only from the ``np.random.Generator`` passed in; at every
  node each outgoing edge is taken with equal probability (0.5 for the
  two-way nodes).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

SYMBOLS = "BTPSXVE"
INDEX = {symbol: k for k, symbol in enumerate(SYMBOLS)}

START = "start"
ACCEPT = "accept"

#: state -> {symbol: next state}; the inner nodes are the ints 0..5.
TRANSITIONS: dict[object, dict[str, object]] = {
    START: {"B": 0},
    0: {"T": 1, "P": 2},
    1: {"S": 1, "X": 3},
    2: {"T": 2, "V": 4},
    3: {"X": 2, "S": 5},
    4: {"P": 3, "V": 5},
    5: {"E": ACCEPT},
    ACCEPT: {},
}


def _embedded_transitions() -> dict[object, dict[str, object]]:
    """The embedded grammar as one automaton: the inner graph copied per branch.

    States are ``START``, ``"outer"`` (after the first B), ``(branch, q)`` for
    an inner state ``q`` reached inside the ``branch`` ("T" or "P") copy,
    ``(branch, "close")`` once the inner string has ended, ``"end"`` once the
    repeated branch symbol is read, and ``ACCEPT``.  Copying the inner graph
    is what carries the memory of the branch to the end of the string.
    """
    table: dict[object, dict[str, object]] = {
        START: {"B": "outer"},
        "outer": {"T": ("T", START), "P": ("P", START)},
        "end": {"E": ACCEPT},
        ACCEPT: {},
    }
    for branch in "TP":
        for state, edges in TRANSITIONS.items():
            if state == ACCEPT:
                continue
            table[(branch, state)] = {
                symbol: (branch, "close") if nxt == ACCEPT else (branch, nxt)
                for symbol, nxt in edges.items()
            }
        table[(branch, "close")] = {branch: "end"}
    return table


EMBEDDED_TRANSITIONS = _embedded_transitions()


@dataclass(frozen=True)
class Batch:
    """A padded batch of strings.

    x:      (B, T, 7) one-hot inputs, zero rows after a string ends.
    target: (B, T, 7) multi-hot legal successors of each prefix.
    mask:   (B, T) 1.0 where a string has a symbol, 0.0 in the padding.
    """

    x: np.ndarray
    target: np.ndarray
    mask: np.ndarray


# --------------------------------------------------------------------------
# generic automaton helpers


def _walk(table: dict, s: str, name: str) -> list[object]:
    """States after each symbol of ``s``; ValueError at the first illegal one."""
    state: object = START
    states = []
    for pos, symbol in enumerate(s):
        edges = table[state]
        if symbol not in edges:
            prefix = s[:pos]
            legal = ", ".join(sorted(edges, key=SYMBOLS.find)) or "nothing (the string is complete)"
            what = "is not a symbol of " + SYMBOLS if symbol not in INDEX else "is illegal"
            after = f"after '{prefix}'" if prefix else "at the start"
            raise ValueError(
                f"'{s}' is not {name}: position {pos + 1} '{symbol}' {what} {after} "
                f"(legal: {legal})"
            )
        state = edges[symbol]
        states.append(state)
    return states


def _sample(table: dict, rng: np.random.Generator) -> str:
    state: object = START
    out = []
    while state != ACCEPT:
        edges = list(table[state].items())
        symbol, state = edges[rng.integers(len(edges))] if len(edges) > 1 else edges[0]
        out.append(symbol)
    return "".join(out)


def _shortest_completion(table: dict, state: object) -> str:
    """Fewest symbols that take ``state`` to ACCEPT (breadth-first search)."""
    queue = deque([(state, "")])
    seen = {state}
    while queue:
        q, path = queue.popleft()
        if q == ACCEPT:
            return path
        for symbol, nxt in table[q].items():
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, path + symbol))
    raise AssertionError("every state of the grammar reaches ACCEPT")


def _legal_prefix_length(table: dict, s: str) -> int:
    state: object = START
    for pos, symbol in enumerate(s):
        if symbol not in table[state]:
            return pos
        state = table[state][symbol]
    return len(s)


# --------------------------------------------------------------------------
# Reber grammar


def sample(rng: np.random.Generator) -> str:
    """One random Reber string, e.g. ``'BTSSXXTVVE'``."""
    return _sample(TRANSITIONS, rng)


def accepts(s: str) -> bool:
    """True when ``s`` is a complete Reber string."""
    try:
        states = _walk(TRANSITIONS, s, "a Reber string")
    except ValueError:
        return False
    return bool(states) and states[-1] == ACCEPT


def successors(s: str) -> list[set[str]]:
    """Legal next symbols after each prefix: entry t follows ``s[:t+1]``.

    ``s`` may be a complete string (its last entry is then ``set()``) or a
    legal prefix.  Raises ValueError naming the first illegal position
    (1-based) and its symbol for anything else.
    """
    return [set(TRANSITIONS[q]) for q in _walk(TRANSITIONS, s, "a Reber string")]


def mean_length() -> float:
    """Expected length of a sampled Reber string, B and E included.

    Solves L(q) = 1 + mean over edges of L(next) for the inner nodes, with
    L(accept) = 0, so the tests can compare samples with the exact value.
    """
    return _mean_length(TRANSITIONS)


def _mean_length(table: dict) -> float:
    states = [q for q in table if q != ACCEPT]
    index = {q: k for k, q in enumerate(states)}
    # (I - P) L = 1 where P is the transition matrix among non-accepting states
    system = np.eye(len(states))
    for q in states:
        edges = table[q]
        for nxt in edges.values():
            if nxt != ACCEPT:
                system[index[q], index[nxt]] -= 1.0 / len(edges)
    lengths = np.linalg.solve(system, np.ones(len(states)))
    return float(lengths[index[START]])


# --------------------------------------------------------------------------
# embedded Reber grammar


def embedded_sample(rng: np.random.Generator) -> str:
    """One random embedded Reber string, e.g. ``'BTBPVVETE'``."""
    return _sample(EMBEDDED_TRANSITIONS, rng)


def embedded_accepts(s: str) -> bool:
    """True when ``s`` is a complete embedded Reber string."""
    try:
        states = _walk(EMBEDDED_TRANSITIONS, s, "an embedded Reber string")
    except ValueError:
        return False
    return bool(states) and states[-1] == ACCEPT


def embedded_successors(s: str) -> list[set[str]]:
    """As :func:`successors`, for the embedded grammar."""
    return [
        set(EMBEDDED_TRANSITIONS[q])
        for q in _walk(EMBEDDED_TRANSITIONS, s, "an embedded Reber string")
    ]


def embedded_mean_length() -> float:
    """Expected length of a sampled embedded Reber string."""
    return _mean_length(EMBEDDED_TRANSITIONS)


# --------------------------------------------------------------------------
# checking user input


def check_string(s: str, embedded: bool = False, complete: bool = True) -> None:
    """Raise ValueError with a one-line message if ``s`` is not in the grammar.

    The message names the first illegal position (1-based) and symbol, and
    offers a valid example: the legal part of ``s`` completed by the
    shortest path through the graph.  With ``complete=False`` a legal prefix
    passes too.
    """
    table = EMBEDDED_TRANSITIONS if embedded else TRANSITIONS
    name = "an embedded Reber string" if embedded else "a Reber string"
    keep = _legal_prefix_length(table, s)
    state: object = START
    for symbol in s[:keep]:
        state = table[state][symbol]
    example = s[:keep] + _shortest_completion(table, state)
    if keep < len(s):
        try:
            _walk(table, s, name)
        except ValueError as err:
            raise ValueError(f"{err}; try e.g. '{example}'") from None
    if complete and state != ACCEPT:
        if not s:
            raise ValueError(f"the empty string is not {name}; try e.g. '{example}'")
        legal = ", ".join(sorted(table[state], key=SYMBOLS.find))
        raise ValueError(
            f"'{s}' is not {name}: it stops after position {len(s)} "
            f"(legal next: {legal}); try e.g. '{example}'"
        )


# --------------------------------------------------------------------------
# encoding


def encode(s: str) -> np.ndarray:
    """One-hot encoding, shape (T, 7), columns in the order of SYMBOLS."""
    out = np.zeros((len(s), len(SYMBOLS)))
    for t, symbol in enumerate(s):
        if symbol not in INDEX:
            raise ValueError(f"position {t + 1} '{symbol}' is not a symbol of {SYMBOLS}")
        out[t, INDEX[symbol]] = 1.0
    return out


def multi_hot(sets: list[set[str]]) -> np.ndarray:
    """Multi-hot rows, shape (len(sets), 7), one row per set of symbols."""
    out = np.zeros((len(sets), len(SYMBOLS)))
    for t, legal in enumerate(sets):
        out[t, [INDEX[symbol] for symbol in legal]] = 1.0
    return out


def decode(row: np.ndarray, threshold: float = 0.5) -> set[str]:
    """The symbols whose entries in ``row`` (7,) exceed ``threshold``."""
    return {SYMBOLS[k] for k in np.flatnonzero(np.asarray(row) > threshold)}


def batch(strings: list[str], embedded: bool | None = None) -> Batch:
    """Pad ``strings`` into a :class:`Batch` of inputs, legal-successor targets and mask.

    Every symbol is an input, the closing E included (its target is the empty
    set).  ``embedded=None`` picks the grammar per string: a string that is
    an embedded Reber string (or prefix of one) but not a plain one uses the
    embedded successors.
    """
    if not strings:
        raise ValueError("batch() needs at least one string")
    T = max(len(s) for s in strings)
    x = np.zeros((len(strings), T, len(SYMBOLS)))
    target = np.zeros_like(x)
    mask = np.zeros((len(strings), T))
    for b, s in enumerate(strings):
        x[b, : len(s)] = encode(s)
        target[b, : len(s)] = multi_hot(_successors_any(s, embedded))
        mask[b, : len(s)] = 1.0
    return Batch(x=x, target=target, mask=mask)


def _successors_any(s: str, embedded: bool | None) -> list[set[str]]:
    if embedded is True:
        return embedded_successors(s)
    if embedded is False:
        return successors(s)
    try:
        return successors(s)
    except ValueError:
        return embedded_successors(s)
