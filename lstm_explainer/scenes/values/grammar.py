"""The Reber grammar as the scenes show it: symbol indices, the legal next symbols, a walk's edges."""

from __future__ import annotations

from lstm_explainer.model import reber
from lstm_explainer.model.reber import Move
from lstm_explainer.model.rnn import RNN

__all__ = ["Move", "likeliest_legal_output", "symbol_index", "walk"]


def symbol_index(symbol: str) -> int:
    """The post's 1-based index j of a Reber symbol among the inputs (B = 1 ... E = 7)."""
    return reber.INDEX[symbol] + 1


def walk(string: str) -> list[Move]:
    """The edges a token takes through the Reber graph to write `string` (a complete string)."""
    reber.check_string(string)
    return reber.moves(string)


def likeliest_legal_output(rnn: RNN, string: str, t: int) -> int:
    """The example output of step t: the 1-based k of the legal next symbol with the largest y_t^k.

    At t = 1 the legal symbols are T and P, so the example is never the symbol V, whose
    letter would read as the matrix V.
    """
    trace = rnn.forward(reber.encode(string[:t]))
    legal = reber.successors(string[:t])[t - 1]
    return max((symbol_index(s) for s in legal), key=lambda k: trace.y[t - 1, k - 1])
