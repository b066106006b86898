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

Each grammar is a :class:`Grammar` (``REBER``, ``EMBEDDED``); the module-level
``sample``, ``accepts``, ``successors`` and ``embedded_*`` are their methods.

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
# the grammar as an object: the plain and the embedded grammar are two of them


@dataclass(frozen=True)
class Move:
    """One edge of a walk: from ``source`` the walk writes ``symbol`` and goes to ``target``; ``choices``: every symbol legal there."""

    source: object
    symbol: str
    target: object
    choices: tuple[str, ...]  # in SYMBOLS order


@dataclass(frozen=True)
class Grammar:
    """A grammar given by its automaton: ``table`` maps state -> {symbol: next state}.

    ``name`` is how messages call one of its strings, e.g. "a Reber string".
    Walks start at ``START``; a complete string ends at ``ACCEPT``.
    """

    table: dict
    name: str

    def _walk(self, s: str) -> list[object]:
        """States after each symbol of ``s``; ValueError at the first illegal one."""
        state: object = START
        states = []
        for pos, symbol in enumerate(s):
            edges = self.table[state]
            if symbol not in edges:
                legal = ", ".join(sorted(edges, key=SYMBOLS.find)) or "nothing (the string is complete)"
                what = "is not a symbol of " + SYMBOLS if symbol not in INDEX else "is illegal"
                after = f"after '{s[:pos]}'" if pos else "at the start"
                raise ValueError(f"'{s}' is not {self.name}: position {pos + 1} '{symbol}' {what} {after} (legal: {legal})")
            state = edges[symbol]
            states.append(state)
        return states

    def sample(self, rng: np.random.Generator) -> str:
        """One random string; at every node each outgoing edge is equally likely."""
        state: object = START
        out = []
        while state != ACCEPT:
            edges = list(self.table[state].items())
            symbol, state = edges[rng.integers(len(edges))] if len(edges) > 1 else edges[0]
            out.append(symbol)
        return "".join(out)

    def moves(self, s: str) -> list[Move]:
        """The edges a walk takes to write ``s``: per symbol its state, the next state and every choice there.

        ValueError (as :meth:`successors`) at the first illegal symbol.
        """
        states = [START] + self._walk(s)
        return [
            Move(state, symbol, after, tuple(sorted(self.table[state], key=SYMBOLS.find)))
            for state, symbol, after in zip(states, s, states[1:])
        ]

    def accepts(self, s: str) -> bool:
        """True when ``s`` is a complete string of the grammar."""
        try:
            states = self._walk(s)
        except ValueError:
            return False
        return bool(states) and states[-1] == ACCEPT

    def successors(self, s: str) -> list[set[str]]:
        """Legal next symbols after each prefix: entry t follows ``s[:t+1]``.

        ``s`` may be a complete string (its last entry is then ``set()``) or a
        legal prefix.  Raises ValueError naming the first illegal position
        (1-based) and its symbol for anything else.
        """
        return [set(self.table[q]) for q in self._walk(s)]

    def check(self, s: str, complete: bool = True) -> None:
        """Raise ValueError with a one-line message if ``s`` is not in the grammar.

        The message names the first illegal position (1-based) and symbol, and
        offers a valid example: the legal part of ``s`` completed by the
        shortest path through the graph.  With ``complete=False`` a legal
        prefix passes too.
        """
        state: object = START
        keep = 0
        for symbol in s:
            if symbol not in self.table[state]:
                break
            state = self.table[state][symbol]
            keep += 1
        example = s[:keep] + self._shortest_completion(state)
        if keep < len(s):
            try:
                self._walk(s)
            except ValueError as err:
                raise ValueError(f"{err}; try e.g. '{example}'") from None
        if complete and state != ACCEPT:
            if not s:
                raise ValueError(f"the empty string is not {self.name}; try e.g. '{example}'")
            legal = ", ".join(sorted(self.table[state], key=SYMBOLS.find))
            raise ValueError(
                f"'{s}' is not {self.name}: it stops after position {len(s)} "
                f"(legal next: {legal}); try e.g. '{example}'"
            )

    def _shortest_completion(self, state: object) -> str:
        """Fewest symbols that take ``state`` to ACCEPT (breadth-first search)."""
        queue = deque([(state, "")])
        seen = {state}
        while queue:
            q, path = queue.popleft()
            if q == ACCEPT:
                return path
            for symbol, nxt in self.table[q].items():
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append((nxt, path + symbol))
        raise AssertionError("every state of the grammar reaches ACCEPT")


REBER = Grammar(TRANSITIONS, "a Reber string")
EMBEDDED = Grammar(EMBEDDED_TRANSITIONS, "an embedded Reber string")

# The contract's names: the plain grammar's methods, and the embedded one's with a prefix.
sample = REBER.sample
accepts = REBER.accepts
successors = REBER.successors
moves = REBER.moves
embedded_sample = EMBEDDED.sample
embedded_accepts = EMBEDDED.accepts


def check_string(s: str, embedded: bool = False, complete: bool = True) -> None:
    """:meth:`Grammar.check` on the plain (or ``embedded``) grammar."""
    (EMBEDDED if embedded else REBER).check(s, complete)


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


def next_target(s: str) -> np.ndarray:
    """The training target after the last symbol of ``s``: the multi-hot row of its legal successors, shape (7,)."""
    return multi_hot(_successors_any(s, None))[-1]


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
    if embedded is not None:
        return (EMBEDDED if embedded else REBER).successors(s)
    try:
        return REBER.successors(s)
    except ValueError:
        return EMBEDDED.successors(s)
