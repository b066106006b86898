"""Pure-numpy models behind the animations: Reber grammar, vanilla RNN, LSTM, training.

Nothing here imports manim; scenes ask these modules for every number they show.
"""
