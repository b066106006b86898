"""Videos and pictures for the web: re-encoding, joining scenes into one film, posters, WebVTT
captions, atomic publishing.

A web clip comes in two encodings, VP9 in WebM (small, every current browser but
older Safari) and H.264 in MP4 with its index (``moov``) at the front, so a
browser starts playing before the download ends.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Encoding:
    suffix: str
    mime: str
    codec: str
    options: dict
    container_options: dict


# Constant quality (crf) chosen on the explainer's flat-colour animation at 720p: numbers and
# labels stay sharp, and the whole explainer stays within a blog's budget. VP9 at libvpx's
# realtime speed: here 9x faster than its "good" mode (which clamps cpu-used at 5) for a file
# about 40% larger at the same crf; crf 48 takes back about 28% (UnrollRNN: 2.9 -> 2.1 MB).
ENCODINGS = (
    Encoding(".webm", "video/webm", "libvpx-vp9",
             {"crf": "48", "b": "0", "deadline": "realtime", "cpu-used": "8", "row-mt": "1"}, {}),
    Encoding(".mp4", "video/mp4", "libx264",
             {"crf": "32", "preset": "medium", "tune": "animation", "profile": "high"}, {"movflags": "+faststart"}),
)


def encode(source: Path, dest: Path, encoding: Encoding, until: float | None = None) -> np.ndarray:
    """Re-encode `source` into `dest` (written as `dest`, to be renamed by the caller); return the last frame (RGB).

    With `until` (seconds) the clip ends there: its frames from that time on (a closing fade, say) are left out.
    """
    import av

    last = None
    with av.open(str(source)) as src, av.open(str(dest), "w", options=encoding.container_options) as out:
        stream = src.streams.video[0]
        rate = stream.average_rate
        target = out.add_stream(encoding.codec, rate=rate, options=encoding.options)
        target.width, target.height = stream.codec_context.width, stream.codec_context.height
        target.pix_fmt = "yuv420p"
        target.time_base = Fraction(1, rate)
        kept = None if until is None else max(1, round(until * rate))
        for index, frame in enumerate(src.decode(stream)):
            if kept is not None and index >= kept:
                break
            last = frame
            frame.pts, frame.time_base = index, Fraction(1, rate)
            out.mux(target.encode(frame))
        out.mux(target.encode())
    if last is None:
        raise ValueError(f"{source} has no frames")
    return last.to_ndarray(format="rgb24")


def video_info(path: Path) -> tuple[float, int, int]:
    """(seconds, width, height) of a video file."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return container.duration / av.time_base, stream.codec_context.width, stream.codec_context.height


def fit_on_background(picture: Path, size: tuple[int, int], background: str, margin: float = 0.04):
    """The picture scaled to fit inside `size` (less a margin) and centred on the background colour."""
    from PIL import Image

    width, height = size
    image = Image.open(picture).convert("RGB")
    scale = min(width * (1 - 2 * margin) / image.width, height * (1 - 2 * margin) / image.height)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", size, background)
    canvas.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    return canvas


def save_posters(image, stem: Path) -> list[Path]:
    """The poster as PNG (full quality) and WebP (small, what the snippet points at); written to `stem`.*."""
    png, webp = stem.with_suffix(".png"), stem.with_suffix(".webp")
    image.save(png, optimize=True)
    image.save(webp, quality=80, method=6)
    return [png, webp]


def vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def webvtt(cues: list[tuple[float, float, str]]) -> str:
    """A WebVTT file with one cue per (start, end, text)."""
    blocks = ["WEBVTT"]
    for number, (start, end, text) in enumerate(cues, start=1):
        # A blank line or "-->" would end or break the cue.
        text = " ".join(text.split()).replace("-->", "→")
        blocks.append(f"{number}\n{vtt_time(start)} --> {vtt_time(end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def publish_text(path: Path, text: str) -> bool:
    """Write `text` to `path` through a temporary file and a rename, unless it already holds exactly that."""
    from lstm_explainer.model.io import atomic_write

    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic_write(path, lambda file: file.write(data))
    return True


def publish_file(staged: Path, path: Path) -> bool:
    """Rename a finished file into place, unless `path` already holds the same bytes."""
    from lstm_explainer.rendering.cache import file_digest

    if path.is_file() and file_digest(path) == file_digest(staged):
        return False
    os.replace(staged, path)
    return True


def combine_key(parts: list[Path]) -> str | None:
    """The content key of a combination of `parts`: theirs, in order; None when a part has no key."""
    import hashlib
    import json

    from lstm_explainer.rendering.cache import sidecar

    keys = []
    for part in parts:
        try:
            keys.append(json.loads(sidecar(part).read_text())["key"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def combine(videos: list[Path], dest: Path) -> Path:
    """Join rendered scene videos end to end (same format and size) into one file at `dest`.

    Reused when made from the same parts; written through a temporary file of its
    own (two runs into one folder cannot mix their contents) and renamed into place.
    """
    from manim_slides.utils import concatenate_video_files

    from lstm_explainer.model.io import atomic_path
    from lstm_explainer.rendering import cache as caches
    key = combine_key(videos)
    if key is not None and caches.reusable(dest, key):
        return dest
    caches.sidecar(dest).unlink(missing_ok=True)
    with atomic_path(dest, suffix=dest.suffix) as partial:  # the joiner picks the container by the suffix
        concatenate_video_files(videos, partial)
    if key is not None:
        caches.write_sidecar(dest, key, {"parts": [str(v) for v in videos]}, [dest])
    return dest
