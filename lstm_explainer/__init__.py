"""lstm-explainer: an animated explanation of vanishing gradients in RNNs and the LSTM's cell path.

One importable name holds the whole project: ``model`` (pure numpy, the maths),
``scenes`` (the story, drawn with manim) and ``rendering`` (the files a user gets).
Imports run ``cli -> rendering -> scenes -> model``.
"""
