"""Real renders through the CLI and through manim-slides, checked by their metadata and pixels."""

from __future__ import annotations

import json
import signal
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from lstm_explainer.cli import cli
from lstm_explainer import scenes
from builds import TINY_SIZE, inspected
from lstm_explainer.rendering.jobs import RenderJob
from lstm_explainer.rendering.quality import custom_quality
from lstm_explainer.rendering.manim_scene import render_job
from lstm_explainer.rendering.webvideo import combine
from lstm_explainer.scenes import theme

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
LENGTH_TOLERANCE = 0.5  # seconds between a video's length and its scene's clock: a few frames at any rate


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
        # the declared rate (manim's joins of its partial movies may shift a frame's stamp by a fraction of a millisecond)
        assert stream.base_rate == 15
        assert stream.frames == pytest.approx(container.duration / av.time_base * 15, abs=1)
        assert container.duration / av.time_base >= 5
    assert leftovers(tmp_path) == []


def test_last_frame_png_is_not_blank(tmp_path):
    (image,) = render("rnn-equations", "-q", "l", "-s", "-o", str(tmp_path))
    assert image.suffix == ".png"
    pixels = np.asarray(Image.open(image).convert("RGB")).astype(int)
    background = np.array(Image.new("RGB", (1, 1), theme.DARK.background).getpixel((0, 0)))
    drawn = np.abs(pixels - background).max(axis=-1) > 8
    assert drawn.mean() > 0.01
    assert leftovers(tmp_path) == []


@pytest.mark.xdist_group("builds")
def test_manim_slides_renders_one_slide_per_pause_point(tmp_path):
    command = [str(Path(sys.executable).parent / "manim-slides"), "render", str(ROOT / "lstm_explainer" / "rendering" / "slides.py"),
               "RNNEquations", "-ql", "-r", "{},{}".format(*TINY_SIZE[:2]), "--fps", str(TINY_SIZE[2]),
               "--media_dir", str(tmp_path / "media")]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    presentation = json.loads((tmp_path / "slides" / "RNNEquations.json").read_text())
    # Every beat is one slide (it opens with next_slide(notes=caption)); its end is a pause point.
    scene = inspected("RNNEquations").scene
    assert len(presentation["slides"]) == scene.pause_count
    assert [slide["notes"] for slide in presentation["slides"]] == [beat.caption for beat in scene.beats]
    assert all((tmp_path / slide["file"]).is_file() for slide in presentation["slides"])


@pytest.mark.xdist_group("builds")
@pytest.mark.parametrize("scene", scenes.in_story_order(), ids=lambda s: s.__name__)
def test_every_scene_renders_a_video_as_long_as_its_clock(scene):
    seen = inspected(scene.__name__)  # the default string's build is this render (tests/builds.py)
    with av.open(str(seen.video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height, stream.base_rate) == TINY_SIZE
        seconds = container.duration / av.time_base
    assert seconds == pytest.approx(seen.scene.renderer.time, abs=LENGTH_TOLERANCE)


def tiny(scene: str, folder: Path, **options) -> Path:
    return render_job(RenderJob(scene, folder, custom_quality(*TINY_SIZE), **options))


def test_combined_video_lasts_as_long_as_its_parts(tmp_path):
    video = tiny("RNNEquations", tmp_path)
    twice = combine([video, video], tmp_path / "twice.mp4")

    def seconds(path: Path) -> float:
        with av.open(str(path)) as container:
            return container.duration / av.time_base

    assert seconds(twice) == pytest.approx(2 * seconds(video), abs=0.2)
    assert leftovers(tmp_path) == []


def test_transparent_render_keeps_an_alpha_channel(tmp_path):
    video = tiny("RNNEquations", tmp_path, transparent=True)
    assert video.suffix == ".mov"  # manim stores transparent mp4 requests as QuickTime
    with av.open(str(video)) as container:
        frames = list(container.decode(video=0))
    alphas = [frame.to_ndarray(format="rgba")[..., 3] for frame in frames]
    # clear background in every frame; opaque drawing in some (at this tiny size a thin stroke covers no
    # whole pixel, so the test asks for one frame whose filled shapes are nearly opaque)
    assert all(alpha.min() == 0 for alpha in alphas) and max(alpha.max() for alpha in alphas) >= 250


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One typeset cache for this module's renders: cold for the first, warm after."""
    return tmp_path_factory.mktemp("cache")


def cli_process(*args: str, cache: Path, **kwargs) -> subprocess.Popen:
    """`render.py ARGS` in its own process, with its own typeset cache."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "render.py"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_two_renders_of_one_scene_at_once_both_succeed(tmp_path, cache):
    """Cold typeset cache, one output folder: both write whole files (they used to fail 2 in 3)."""
    runs = [cli_process("render", "rnn-equations", "-s", "--force", "-o", str(tmp_path / "out"), cache=cache) for _ in range(2)]
    runs.append(cli_process("render", "rnn-equations", "rnn-equations", "-s", "--jobs", "2", "-o", str(tmp_path / "b"), cache=cache))
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert "Traceback" not in err
        (path,) = set(out.split())
        Image.open(path).verify()
    assert leftovers(tmp_path / "out") == [] and leftovers(tmp_path / "b") == []
    assert all(p.stat().st_size > 0 for p in (cache / "lstm-explainer").rglob("*.svg"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_render_publishes_nothing_and_the_next_one_succeeds(tmp_path, cache, signum):
    out = tmp_path / "out"
    run = cli_process("render", "rnn-equations", "-o", str(out), cache=cache)
    deadline = time.monotonic() + 120
    while not list(out.glob(".staging-*/media/videos/**/partial_movie_files/*/*.mp4")):  # encoding has begun
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.2)
    run.send_signal(signum)  # to the main process alone, as `kill` does
    stopped = time.monotonic()
    _, err = run.communicate(timeout=10)
    assert time.monotonic() - stopped < 2
    assert run.returncode == 128 + signum
    assert "Traceback" not in err and "interrupted" in err
    time.sleep(2)  # a worker left running would publish now
    assert not out.exists()  # as it was: this render created it, and took it away again
    (image,) = render("rnn-equations", "-s", "-o", str(out))
    Image.open(image).verify()
    assert leftovers(out) == []


def test_a_missing_latex_or_dvisvgm_says_what_to_install(tmp_path):
    """A cold typeset cache and a PATH without the tools: one line naming the package, the folder as it was."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    out = tmp_path / "out"
    for tool, package in (("latex", "texlive-latex-base"), ("dvisvgm", "sudo apt-get install dvisvgm")):
        env = {**os.environ, "PATH": str(bin_dir), "XDG_CACHE_HOME": str(tmp_path / tool)}
        run = subprocess.run(
            [sys.executable, str(ROOT / "render.py"), "render", "rnn-equations", "-s", "-o", str(out)],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert run.returncode == 1 and run.stdout == ""
        assert f"{tool} is not installed" in run.stderr and package in run.stderr
        assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert not out.exists()  # as it was
        if tool == "latex":
            (bin_dir / "latex").symlink_to(shutil.which("latex"))  # next round: latex found, dvisvgm not


def tiny_render(tmp_path: Path, subtitles: str) -> list[Path]:
    """RNNEquations at 256x144, 5 frames a second, through the render job, with `subtitles`."""
    from lstm_explainer.rendering.manim_scene import render_into

    job = RenderJob("RNNEquations", tmp_path, quality=custom_quality(256, 144, 5), subtitles=subtitles)
    staging = tmp_path / subtitles
    staging.mkdir()
    return render_into(job, staging)


def frames_at(video: Path, times: list[float]) -> list[np.ndarray]:
    with av.open(str(video)) as container:
        frames = [(frame.time, frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    return [min(frames, key=lambda f: abs(f[0] - t))[1].astype(int) for t in times]


def duration(video: Path) -> float:
    with av.open(str(video)) as container:
        return container.duration / av.time_base


def test_burned_subtitles_change_only_a_band_under_the_picture(tmp_path):
    import srt

    plain, plain_srt = tiny_render(tmp_path, "srt")
    burned, burned_srt = tiny_render(tmp_path, "burn")
    (unsubtitled,) = tiny_render(tmp_path, "none")  # no .srt with it
    assert unsubtitled.suffix == ".mp4"
    cues = list(srt.parse(plain_srt.read_text(encoding="utf-8")))
    times = [(cue.start + (cue.end - cue.start) / 2).total_seconds() for cue in cues]
    for a, b in zip(frames_at(plain, times), frames_at(burned, times)):
        height = a.shape[0]
        assert b.shape[1] == a.shape[1] and b.shape[0] > height  # the band is added under the picture
        assert np.abs(a - b[:height]).mean() < 1.0  # the picture itself is the unburned one (codec noise aside)
        assert b[height:].std() > 5  # and the band holds a caption
    # the .srt keeps the captions' own plain text: burning them (scripts set as Pango markup) leaves it as it is
    assert burned_srt.read_text(encoding="utf-8") == plain_srt.read_text(encoding="utf-8")
    assert "<" not in burned_srt.read_text(encoding="utf-8")
    # the .srt beside each video covers it: from the start to within a second of its end
    for video, subtitles in ((plain, plain_srt), (burned, burned_srt)):
        cues = list(srt.parse(subtitles.read_text(encoding="utf-8")))
        assert cues[0].start.total_seconds() < 0.5
        assert abs(cues[-1].end.total_seconds() - duration(video)) < 1.0
