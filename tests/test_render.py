"""Real renders through the CLI and through manim-slides, checked by their metadata and pixels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from render import cli
from scenes import theme
from rendering.jobs import build

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def render(*args: str) -> list[Path]:
    result = CliRunner().invoke(cli, ["render", *args])
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.output.split()]


def leftovers(folder: Path) -> list[Path]:
    """Anything the renderer left behind besides finished files: staging folders, partial files."""
    return [p for p in folder.rglob("*") if p.name.startswith(".") or "partial" in p.name]


def test_rnn_equations_renders_a_480p15_video(tmp_path):
    (video,) = render("RNNEquations", "-q", "l", "-o", str(tmp_path))
    assert video == tmp_path / "480p15" / "RNNEquations.mp4"
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        assert stream.average_rate == 15
        assert container.duration / av.time_base >= 5
    assert leftovers(tmp_path) == []


def test_last_frame_png_is_not_blank(tmp_path):
    (image,) = render("equations", "-q", "l", "-s", "-o", str(tmp_path))
    assert image.suffix == ".png"
    pixels = np.asarray(Image.open(image).convert("RGB")).astype(int)
    background = np.array(Image.new("RGB", (1, 1), theme.DARK.background).getpixel((0, 0)))
    drawn = np.abs(pixels - background).max(axis=-1) > 8
    assert drawn.mean() > 0.01
    assert leftovers(tmp_path) == []


def test_manim_slides_renders_one_slide_per_pause_point(tmp_path):
    command = [str(Path(sys.executable).parent / "manim-slides"), "render", str(ROOT / "rendering" / "slides.py"),
               "RNNEquations", "-ql", "--media_dir", str(tmp_path / "media")]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    presentation = json.loads((tmp_path / "slides" / "RNNEquations.json").read_text())
    # Every beat is one slide (it opens with next_slide(notes=caption)); its end is a pause point.
    scene = build("RNNEquations")
    assert len(presentation["slides"]) == scene.pause_count
    assert [slide["notes"] for slide in presentation["slides"]] == [beat.caption for beat in scene.beats]
    assert all((tmp_path / slide["file"]).is_file() for slide in presentation["slides"])


def test_combined_video_lasts_as_long_as_its_parts(tmp_path):
    from rendering.jobs import combine

    (video,) = render("RNNEquations", "-q", "l", "-o", str(tmp_path))
    twice = combine([video, video], tmp_path / "twice.mp4")

    def seconds(path: Path) -> float:
        with av.open(str(path)) as container:
            return container.duration / av.time_base

    assert seconds(twice) == pytest.approx(2 * seconds(video), abs=0.2)
    assert leftovers(tmp_path) == []


def test_transparent_render_keeps_an_alpha_channel(tmp_path):
    (video,) = render("RNNEquations", "-q", "l", "-t", "-o", str(tmp_path))
    assert video.suffix == ".mov"  # manim stores transparent mp4 requests as QuickTime
    with av.open(str(video)) as container:
        *_, last = container.decode(video=0)
    alpha = last.to_ndarray(format="rgba")[..., 3]
    assert alpha.min() == 0 and alpha.max() == 255  # clear background, opaque drawing
