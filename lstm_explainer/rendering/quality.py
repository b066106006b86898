"""Render qualities: manim's presets by letter, and custom sizes written as 'WIDTHxHEIGHT@RATE'.

Here, apart from the job model, so that the scheduler and the job model can both read them.
"""

from __future__ import annotations

QUALITY_PRESETS = {
    "l": "low_quality",
    "m": "medium_quality",
    "h": "high_quality",
    "p": "production_quality",
    "k": "fourk_quality",
}
# manim's names for the presets' output folders (<height>p<rate>, as in manim.constants.QUALITIES; a test
# keeps them equal), here so that a render whose results are up to date never imports manim.
QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}

def custom_quality(width: int, height: int, frame_rate: int) -> str:
    """A quality that is a size of its own, e.g. '192x108@5' (the tests render at a tiny one)."""
    return f"{width}x{height}@{frame_rate}"


def custom_size(quality: str) -> tuple[int, int, int] | None:
    """(width, height, frame rate) of a custom quality; None for a preset."""
    if quality in QUALITY_PRESETS:
        return None
    size, _, rate = quality.partition("@")
    width, _, height = size.partition("x")
    return int(width), int(height), int(rate)


def quality_folder(quality: str) -> str:
    """manim's own name for a quality's output folder, e.g. '480p15'."""
    size = custom_size(quality)
    return QUALITY_FOLDERS[quality] if size is None else f"{size[1]}p{size[2]}"
