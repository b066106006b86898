"""ErrorAtStepTwo says after which pairs a weight has both routes: the pairs must be those the grammar can read."""

import re

from lstm_explainer.scenes.error_at_step_two import BOTH_ROUTES, REPEATED_PAIRS

# Reber's graph written out here on its own (node: [(symbol, next node)]); 6 is the end.
GRAPH = {
    "begin": [("B", 0)],
    0: [("T", 1), ("P", 2)],
    1: [("S", 1), ("X", 3)],
    2: [("T", 2), ("V", 4)],
    3: [("X", 2), ("S", 5)],
    4: [("P", 3), ("V", 5)],
    5: [("E", 6)],
    6: [],
}


def strings_up_to(length: int) -> list[str]:
    """Every complete string of at most `length` symbols, by walking the graph."""
    done, stack = [], [("begin", "")]
    while stack:
        node, written = stack.pop()
        if node == 6:
            done.append(written)
        for symbol, nxt in GRAPH[node]:
            if len(written) < length:
                stack.append((nxt, written + symbol))
    return done


def pairs_in(text: str) -> set[str]:
    return set(re.findall(r"\b([A-Z])\1\b", text))


def test_the_pairs_named_are_every_symbol_a_reber_string_reads_twice_in_a_row():
    walked = {a for s in strings_up_to(14) for a, b in zip(s, s[1:]) if a == b}
    assert pairs_in(REPEATED_PAIRS) == walked
    assert walked == pairs_in(BOTH_ROUTES)
