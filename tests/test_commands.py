"""Every command keeps render's promises (issues 18 and 24), each checked from outside, in a subprocess
where streams, signals, users or disks are involved: one line and exit 1 or 2, nothing half-written, a
signal ends a command within a second, published files readable like any other."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_explainer.cli import cli
from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering import jobs as jobs_module

ROOT = Path(__file__).resolve().parent.parent
RENDER = [sys.executable, str(ROOT / "render.py")]


def command(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*RENDER, *args], capture_output=True, text=True, cwd=kwargs.pop("cwd", ROOT), **kwargs)


def one_line(stderr: str, *words: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr and len(lines) == 1, stderr
    for word in words:
        assert word in lines[0], (word, stderr)
    return lines[0]


@pytest.fixture
def fake_renderer(monkeypatch):
    from fake_runner import fake_start_renders

    rendered: list[str] = []
    monkeypatch.setattr(jobs_module, "start_renders", fake_start_renders(rendered))
    return rendered


def test_values_refuses_a_string_longer_than_the_scene_shows_as_a_usage_error():
    result = CliRunner().invoke(cli, ["values", "VanishingProduct", "--string", "BTSSSSSSSSSSSSXSE"])
    assert result.exit_code == 2 and "VanishingProduct shows at most 13" in result.output
    assert "Traceback" not in result.output


def test_published_files_and_keys_follow_the_umask(tmp_path, fake_renderer, monkeypatch):
    import manim_slides.utils

    monkeypatch.setattr(manim_slides.utils, "concatenate_video_files",
                        lambda videos, out: Path(out).write_bytes(b"".join(Path(v).read_bytes() for v in videos)))
    previous = os.umask(0o027)
    try:
        result = CliRunner().invoke(cli, ["render", "rnn-equations", "unroll-rnn", "--combine", "-o", str(tmp_path)])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    files = [p for p in (tmp_path / "480p15").iterdir()]
    assert any(p.name == "lstm-explainer.mp4" for p in files) and any(p.name.endswith(".key.json") for p in files)
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o640, path


def test_a_folder_where_the_subtitles_go_is_found_before_rendering(tmp_path, fake_renderer):
    (tmp_path / "480p15" / "RNNEquations.srt").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["render", "rnn-equations", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "RNNEquations.srt is a folder" in result.output and "-o" in result.output
    assert ".staging" not in result.output and fake_renderer == []


def test_a_scene_catalog_record_of_the_wrong_shape_is_healed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    caches.scene_catalog.cache_clear()
    good = caches.scene_catalog()
    (record,) = (tmp_path / "lstm-explainer" / "catalog").glob("*.json")
    for damaged in ('{"name": "Opening"}', "[1, 2]", '[{"name": "Opening"}]', "[]"):
        record.write_text(damaged)
        caches.scene_catalog.cache_clear()
        assert caches.scene_catalog() == good
        assert json.loads(record.read_text()) == [dict(entry) for entry in good]
    caches.scene_catalog.cache_clear()


def test_a_closed_pipe_ends_quietly():
    run = subprocess.run(f"{sys.executable} {ROOT / 'render.py'} list | head -1", shell=True, capture_output=True,
                         text=True, cwd=ROOT, executable="/bin/bash")
    assert run.stdout.startswith("#") and run.stderr == "", run.stderr


def test_with_stderr_closed_a_failure_still_exits_with_its_status():
    for args, status in ((["render", "NoSuchScene"], 2), (["values", "--string", "BTXE"], 2)):
        run = subprocess.run(" ".join([sys.executable, str(ROOT / "render.py"), *args]) + " 2>&-", shell=True,
                             capture_output=True, text=True, cwd=ROOT, executable="/bin/bash")
        assert run.returncode == status, (args, run.stdout)


def test_a_signal_in_the_first_tenth_of_a_second_ends_without_a_traceback(tmp_path):
    for delay in (0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3):
        process = subprocess.Popen([*RENDER, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   cwd=ROOT)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        if err.startswith("Fatal Python error: init_"):
            continue  # the interpreter itself was still starting (its site module): no program can handle that
        assert "Traceback" not in err, (delay, err)
        assert process.returncode in (0, 130, -signal.SIGINT), (delay, process.returncode, err)  # -2: before Python began


def alive_in_group(group: int) -> list[str]:
    """The processes of a process group that still run (zombies waiting to be reaped are not)."""
    listing = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(group)], capture_output=True, text=True).stdout
    return [line.split()[0] for line in listing.splitlines() if not line.split()[1].startswith("Z")]


def workers_running(group: int, settle: float = 1.0, patience: float = 20.0) -> bool:
    """Wait until the command's workers have started and run for `settle` seconds (a loaded machine starts them late)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if len(alive_in_group(group)) > 1:
            time.sleep(settle)
            return len(alive_in_group(group)) > 1
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("which", ["embed", "lecture", "values"])
def test_every_command_ends_within_a_second_of_a_signal_leaving_nothing(tmp_path, which):
    out = tmp_path / "out"
    args = {"embed": ["embed", "rnn-equations", "-o", str(out)],
            "lecture": ["lecture", "rnn-equations", "-o", str(out)],
            "values": ["values", "--string", "BTSSXXTVVE", "--string", "BPVVE"]}[which]  # every scene: long enough
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for signum in (signal.SIGINT, signal.SIGTERM):
        process = subprocess.Popen([*RENDER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   cwd=ROOT, env=env, start_new_session=True)
        assert workers_running(process.pid), "no worker was running"
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # Ctrl-C: the whole process group
        else:
            os.kill(process.pid, signum)  # SIGTERM: the main process only
        start = time.monotonic()
        _, err = process.communicate(timeout=30)
        assert time.monotonic() - start < 1.5, err
        assert process.returncode == 128 + signum, err
        assert "Traceback" not in err and "leaked" not in err, err
        time.sleep(0.5)
        assert alive_in_group(process.pid) == [], "workers outlived the command"
        if out.exists():
            assert not [p for p in out.rglob("*") if p.name.startswith(".staging")], list(out.rglob("*"))


@pytest.mark.slow
def test_no_home_folder_and_a_relative_cache_folder_render_with_a_temporary_cache_and_one_line(tmp_path):
    # No passwd entry (Path.home fails), HOME unset, XDG_CACHE_HOME relative: the render works, caches go to a
    # temporary folder, one line says so, and nothing is cached into the current folder.
    code = (
        "import os, pathlib, runpy, sys\n"
        "home = pathlib.Path.home\n"
        "def no_passwd_entry():  # as Path.home behaves without a passwd entry: only HOME can answer\n"
        "    if 'HOME' in os.environ:\n"
        "        return home()\n"
        "    raise RuntimeError('Could not determine home directory.')\n"
        "pathlib.Path.home = staticmethod(no_passwd_entry)\n"
        f"sys.argv = ['render.py', 'render', 'RNNEquations', '-s', '-q', 'l', '-o', 'out']\n"
        f"runpy.run_path({str(ROOT / 'render.py')!r}, run_name='__main__')\n"
    )
    env = {name: value for name, value in os.environ.items() if name != "HOME"} | {"XDG_CACHE_HOME": "rel"}
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    line = one_line(run.stderr, "no home folder", "caches go to")
    assert (tmp_path / "out" / "480p15" / "RNNEquations.png").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no ./rel, no dvisvgm cache here
    home = Path(line.split("caches go to ")[1].split()[0])
    assert home.is_absolute() and not home.exists()  # a cache for that run only, gone with it


@pytest.mark.slow
def test_a_full_disk_under_the_output_folder_is_one_line_and_leaves_the_shared_cache_whole(tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(small)], capture_output=True)
    if mounted.returncode != 0:
        pytest.fail(f"this test mounts a 200 KB tmpfs (needs root): {mounted.stderr!r}")
    try:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        run = command("render", "RNNEquations", "-q", "l", "-o", str(small), env=env)
        assert run.returncode == 1, run.stderr
        line = one_line(run.stderr, "no space left", str(small), "-o")
        assert ".staging" not in line
        assert [p for p in small.rglob("*")] == []  # nothing half-written, the typeset copy was never here
        svgs = list((tmp_path / "cache" / "lstm-explainer" / "typeset").rglob("*.svg"))
        assert svgs and all(caches.svg_is_whole(svg) for svg in svgs)
    finally:
        subprocess.run(["umount", str(small)], check=True)


@pytest.mark.slow
def test_a_gif_renders_end_to_end_with_its_subtitles(tmp_path):
    from PIL import Image

    from builds import TINY_SIZE
    from lstm_explainer.rendering.jobs import RenderJob, run_jobs
    from lstm_explainer.rendering.quality import custom_quality

    (outcome,) = run_jobs([RenderJob("RNNEquations", tmp_path, custom_quality(*TINY_SIZE), format="gif")])
    gif, subtitles = outcome.paths
    assert gif.suffix == ".gif" and subtitles.suffix == ".srt"
    with Image.open(gif) as image:
        assert image.size == TINY_SIZE[:2] and image.n_frames > 10 * TINY_SIZE[2]
    assert caches.up_to_date(outcome.job, gif)
    assert sorted(p.name for p in gif.parent.iterdir()) == sorted([gif.name, subtitles.name, gif.name + ".key.json"])


def test_every_command_takes_the_same_string_checks(tmp_path):
    too_long = "BTSSSSSSSSSSSSXSE"  # 17 symbols, in the grammar; VanishingProduct shows at most 13
    for command_ in ("render", "stills", "values", "embed", "lecture"):
        scene = ["VanishingProduct"] if command_ != "stills" else []  # no scene with figures limits the string
        out = [] if command_ == "values" else ["-o", str(tmp_path / command_)]
        checks = [(too_long, "shows at most 13")] if scene else []
        for bad, words in checks + [("BTSSPXSE", "position 5")]:
            result = CliRunner().invoke(cli, [command_, *scene, "--string", bad, *out])
            assert result.exit_code == 2 and words in result.output, (command_, result.output)
            assert "Traceback" not in result.output and not (tmp_path / command_).exists()
