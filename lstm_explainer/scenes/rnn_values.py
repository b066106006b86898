"""The names the RNN scenes import, kept in one place; they live by subject in ``scenes.values``.

``values.rnn``: the worked steps; ``values.grammar``: symbols and walks; ``values.paths``:
the closed form's paths and the long product; ``values.plots``: the norm curves.
"""

from lstm_explainer.model.paths import MAX_TANH_SLOPE
from lstm_explainer.scenes.values.grammar import likeliest_legal_output, symbol_index
from lstm_explainer.scenes.values.paths import (
    Factor,
    JacobianEntry,
    PathTable,
    collapsing_factor,
    jacobian_entry,
    longest_path,
    path_terms,
)
from lstm_explainer.scenes.values.plots import (
    LOG_CEILING,
    LOG_FLOOR,
    PLOT_STEPS,
    SMALL_INPUT,
    DialCurves,
    DialPosition,
    LagProfile,
    NormCurve,
    SmallInputRegime,
    clipped_log10,
    curve_string,
    decade_window,
    dial_curve,
    dial_curves,
    lag_profile,
    norm_curve,
    product_window,
    small_input_regime,
)
from lstm_explainer.scenes.values.rnn import (
    UNROLL_STEPS,
    Equation,
    Labelled,
    Side,
    StepOneValues,
    UnrollValues,
    step_one_values,
    unroll_values,
)

__all__ = [
    "MAX_TANH_SLOPE", "likeliest_legal_output", "symbol_index", "Factor", "JacobianEntry", "PathTable",
    "collapsing_factor", "jacobian_entry", "longest_path", "path_terms", "LOG_CEILING", "LOG_FLOOR",
    "PLOT_STEPS", "SMALL_INPUT", "DialCurves", "DialPosition", "LagProfile", "NormCurve", "SmallInputRegime",
    "clipped_log10", "curve_string", "decade_window", "dial_curve", "dial_curves", "lag_profile", "norm_curve",
    "product_window", "small_input_regime", "UNROLL_STEPS", "Equation", "Labelled", "Side", "StepOneValues",
    "UnrollValues", "step_one_values", "unroll_values",
]
