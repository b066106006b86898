"""The training loss's derivative, shared by training and by the error the scenes follow back.

Its own module because the path algebra (paths.py), the error flow (flow.py) and training
(train.py) all seed their backward passes with it, and train.py imports the networks.
"""

from __future__ import annotations

import numpy as np


def bce_dz(y: np.ndarray, target: np.ndarray) -> np.ndarray:
    """dL/dz of the binary cross-entropy L = -sum target log y + (1 - target) log(1 - y), y = sigmoid(z).

    Exactly y - target: seeding the backward pass at z never divides by sigma_y'.
    """
    return y - target
