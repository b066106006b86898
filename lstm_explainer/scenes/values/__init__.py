"""What the scenes show, as plain data, split by subject: the choice of what to show, never the maths.

``rnn``: the worked steps of the 7-4-7 RNN.  ``grammar``: symbols and walks of the Reber grammar.
``paths``: the paths of the post's closed form and the long product.  ``plots``: the norm
curves, the dial and the per-lag parts, with the windows they are drawn in.  Every number comes
from ``lstm_explainer.model``; no manim, no theme, no TeX.
"""
