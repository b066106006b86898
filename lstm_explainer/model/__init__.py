"""Pure-numpy models behind the animations: Reber grammar, vanilla RNN, LSTM, training.

Nothing here imports manim; scenes ask these modules for every number they show.
"""

from pathlib import Path

#: the shipped weights (.npz) and the records of how they were made (.json)
ASSETS = Path(__file__).resolve().parents[2] / "assets"
