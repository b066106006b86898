"""Frames as image files: cropped to what is drawn on them and scaled to a width."""

from __future__ import annotations

from pathlib import Path

import numpy as np

STILL_WIDTH = 1920
STILL_PADDING = 0.03  # fraction of the cropped size kept around the content


def crop_to_content(frame: np.ndarray, background: str, padding: float = STILL_PADDING) -> np.ndarray:
    """Cut an RGBA frame (H, W, 4) down to the box around everything that differs from the background."""
    from manim import ManimColor

    bg = np.array(ManimColor(background).to_int_rgb())
    drawn = np.abs(frame[..., :3].astype(int) - bg).max(axis=-1) > 8
    if not drawn.any():
        raise ValueError("the frame is empty: nothing differs from the background")
    rows, cols = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    pad = int(padding * max(rows[-1] - rows[0], cols[-1] - cols[0]))
    top, bottom = max(rows[0] - pad, 0), min(rows[-1] + pad + 1, frame.shape[0])
    left, right = max(cols[0] - pad, 0), min(cols[-1] + pad + 1, frame.shape[1])
    return frame[top:bottom, left:right]


def save_still(frame: np.ndarray, background: str, path: Path, width: int = STILL_WIDTH) -> Path:
    """Write a frame as a PNG of the given width, cropped to its content."""
    from PIL import Image

    image = Image.fromarray(crop_to_content(frame, background)).convert("RGB")
    height = round(image.height * width / image.width)
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path
