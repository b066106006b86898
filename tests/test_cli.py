"""The click CLI, in-process: listing, name matching and usage errors."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from lstm_explainer import scenes
from lstm_explainer.cli import cli
from lstm_explainer.rendering import jobs as jobs_module

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_list_shows_every_registered_scene_in_story_order():
    result = invoke("list")
    assert result.exit_code == 0, result.output
    positions = [result.output.index(scene.__name__) for scene in scenes.in_story_order()]
    assert positions == sorted(positions)
    for scene in scenes.in_story_order():
        line = next(line for line in result.output.splitlines() if scene.__name__ in line)
        assert scene.scene_id in line and scene.title in line and scene.section in line


def test_scene_names_match_class_or_id_in_any_case():
    for scene in scenes.in_story_order():
        assert scenes.by_name(scene.__name__.upper()) is scene
        assert scenes.by_name(scene.scene_id.title()) is scene


def test_unknown_scene_is_usage_error_listing_valid_names(tmp_path):
    result = invoke("render", "NoSuchScene", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "NoSuchScene" in result.output
    for scene in scenes.in_story_order():
        assert scene.__name__ in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_quality_is_rejected():
    result = invoke("render", "RNNEquations", "--quality", "z")
    assert result.exit_code == 2
    assert "'z' is not one of" in result.output


def test_string_outside_the_grammar_is_rejected_before_rendering(tmp_path):
    for command in (["render", "RNNEquations"], ["stills"]):
        result = invoke(*command, "--string", "BTSSPXSE", "-o", str(tmp_path / "out"))
        assert result.exit_code == 2
        assert "BTSSPXSE" in result.output and "position 5" in result.output and "try e.g." in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "out").exists()


def test_stills_rejects_an_unknown_theme(tmp_path):
    result = invoke("stills", "--theme", "sepia", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "sepia" in result.output


def test_model_check_reports_the_shipped_weights_at_100_percent():
    result = invoke("model", "check")
    assert result.exit_code == 0, result.output
    assert "accuracy on 1000 fresh Reber strings" in result.output and "100.0%" in result.output
    assert "largest singular value" in result.output and "spectral radius" in result.output


def test_model_check_names_a_broken_weights_file(tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    result = invoke("model", "check", str(broken))
    assert result.exit_code == 2
    assert str(broken) in result.output and "Traceback" not in result.output


def test_an_output_folder_that_cannot_be_created_is_a_usage_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for command in (["render", "RNNEquations"], ["stills"]):
        result = invoke(*command, "-o", str(blocker / "media"))
        assert result.exit_code == 2, result.output
        assert "cannot create" in result.output and "Traceback" not in result.output


# ------------------------------------------------------------ every failure is one line (issue 14)






def assert_one_line(result, status: int, *words: str) -> None:
    """Exit `status`, no traceback, and the message on one line holding every word."""
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    for word in words:
        assert word in errors[0], (word, result.output)


def shipped_params() -> dict[str, np.ndarray]:
    from lstm_explainer.scenes.story import RNN_WEIGHTS

    with np.load(RNN_WEIGHTS) as data:
        return {name: data[name] for name in data.files}


def broken_weights(tmp_path: Path) -> dict[str, Path]:
    """A weights file for each way it can be broken."""
    from lstm_explainer.scenes.story import RNN_WEIGHTS

    good = RNN_WEIGHTS.read_bytes()
    params = shipped_params()
    files = {}

    def save(name: str, **changes) -> None:
        files[name] = tmp_path / f"{name}.npz"
        np.savez(files[name], **{**params, **changes})

    for name, content in {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "corrupt": good[:200] + bytes(200) + good[400:],
        "random": np.random.default_rng(0).bytes(4096),
    }.items():
        files[name] = tmp_path / f"{name}.npz"
        files[name].write_bytes(content)
    files["missing"] = tmp_path / "missing.npz"
    files["folder"] = tmp_path / "folder.npz"
    files["folder"].mkdir()
    W, V = params["W"], params["V"]
    save("nan", U=params["U"] * np.nan)
    save("complex", W=W.astype(complex))
    save("shape", U=params["U"][:2])
    save("n5", W=W[:, :5], V=V[:5], b_y=params["b_y"][:5])
    d0 = {"W": W[:0], "U": params["U"][:0, :0], "V": V[:, :0], "b_h": params["b_h"][:0]}
    save("d0", **d0)
    return files


WEIGHTS_WORDS = {
    "empty": "empty", "truncated": "damaged", "corrupt": "damaged", "random": "not an .npz",
    "missing": "missing", "folder": "folder", "nan": "non-finite", "complex": "complex",
    "shape": "shape", "n5": "need 7", "d0": "d = 0",
}  # fmt: skip


@pytest.mark.parametrize(
    "command",
    [["render", "RNNEquations"], ["stills"], ["values", "RNNEquations"], ["embed", "RNNEquations"],
     ["lecture", "RNNEquations"]],
)
def test_unusable_weights_are_one_line_before_anything_is_written(tmp_path, monkeypatch, command):
    from lstm_explainer.model import weights

    monkeypatch.setattr(jobs_module, "start_renders", lambda *a, **k: pytest.fail("rendered"))
    for name, path in broken_weights(tmp_path).items():
        monkeypatch.setitem(weights.FILES, "rnn_reber", path)
        out = tmp_path / "out"
        result = invoke(*command, "-o", str(out)) if command[0] != "values" else invoke(*command)
        assert_one_line(result, 1, str(path), WEIGHTS_WORDS[name], "model train")
        assert result.output.count(str(path)) == 1 and result.output.count("model train") == 1
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file() and "revealjs" not in str(p)]


@pytest.mark.parametrize("name", ["lstm_embedded", "rnn_embedded"])
def test_a_broken_embedded_weights_file_is_one_line_too(tmp_path, monkeypatch, name):
    from lstm_explainer.model import weights

    monkeypatch.setattr(jobs_module, "start_renders", lambda *a, **k: pytest.fail("rendered"))
    broken = tmp_path / f"{name}.npz"
    broken.write_bytes(weights.FILES[name].read_bytes()[:1000])
    monkeypatch.setitem(weights.FILES, name, broken)
    result = invoke("render", "LSTMCell", "-o", str(tmp_path / "out"))
    assert_one_line(result, 1, str(broken), "model train")
    assert not (tmp_path / "out").exists()


def test_model_check_says_what_render_says_of_broken_weights_and_records(tmp_path):
    for name, path in broken_weights(tmp_path).items():
        result = invoke("model", "check", str(path))
        assert result.exit_code == 2 and "Traceback" not in result.output, (name, result.output)
        assert WEIGHTS_WORDS[name] in result.output and "model train" in result.output, (name, result.output)
    from lstm_explainer.model import weights

    good = tmp_path / "good.npz"
    good.write_bytes(weights.FILES["rnn_reber"].read_bytes())
    record = json.loads(weights.FILES["rnn_reber"].with_suffix(".json").read_text())
    good.with_suffix(".json").write_text(json.dumps({**record, "wall_seconds": "twelve"}))
    assert_one_line(invoke("model", "check", str(good)), 1, "good.json", "wall_seconds", "not a number")


def test_output_problems_are_found_before_rendering(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs_module, "start_renders", lambda *a: pytest.fail("rendered"))
    (tmp_path / "file-quality" / "480p15").parent.mkdir()
    (tmp_path / "file-quality" / "480p15").write_text("")
    result = invoke("render", "rnn-equations", "-o", str(tmp_path / "file-quality"))
    assert_one_line(result, 1, "480p15", "move it away")
    (tmp_path / "dir-target" / "480p15" / "RNNEquations.mp4").mkdir(parents=True)
    result = invoke("render", "rnn-equations", "-o", str(tmp_path / "dir-target"))
    assert_one_line(result, 1, "RNNEquations.mp4 is a folder")
    for empty in ("", " "):
        result = invoke("render", "rnn-equations", "-o", empty)
        assert result.exit_code == 2 and "is empty" in result.output
    result = invoke("render", "rnn-equations", "-o", "/dev/null")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_full_disk_is_one_line(tmp_path, monkeypatch):
    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "480p15" / "RNNEquations.mp4"))

    monkeypatch.setattr(jobs_module, "start_renders", full)
    result = invoke("render", "rnn-equations", "-o", str(tmp_path))
    assert_one_line(result, 1, "no space left", "RNNEquations.mp4", "free some space")
    debug = CliRunner().invoke(cli, ["--debug", "render", "rnn-equations", "-o", str(tmp_path)])
    assert debug.exit_code == 1 and "Traceback" in debug.output


def test_a_huge_jobs_count_is_capped_at_the_scenes(tmp_path, monkeypatch):
    seen = []

    def fake(jobs, processes, progress=None, publish=None):
        seen.append(processes)
        return iter(())

    monkeypatch.setattr(jobs_module, "start_renders", fake)
    invoke("render", "rnn-equations", "unroll-rnn", "--jobs", "2147483647", "-o", str(tmp_path))
    invoke("render", "rnn-equations", "-o", str(tmp_path))
    assert seen == [2, 1]


def test_string_echoes_are_quoted_and_cut():
    for bad in ("BT\nSS\x1b[2JE", "BTSSXXTVV" * 11_000 + "E"):
        result = invoke("render", "rnn-equations", "--string", bad)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert "\x1b" not in result.output and len(result.output) < 2000
        assert "\\n" in result.output or "characters" in result.output


def test_a_string_longer_than_a_scene_shows_is_a_usage_error(tmp_path):
    long_string = "BTSSSSSSSSSSSSXSE"  # 17 symbols, in the grammar
    result = invoke("render", "VanishingProduct", "--string", long_string, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "VanishingProduct shows at most 13" in result.output
    assert not (tmp_path / "out").exists()


def test_model_train_rejects_a_negative_seed_and_an_unwritable_folder_before_training(tmp_path):
    result = invoke("model", "train", "--seed", "-1", "-o", str(tmp_path))
    assert result.exit_code == 2 and "-1" in result.output
    result = invoke("model", "train", "-o", "/dev/null/weights")
    assert result.exit_code == 2 and "cannot create" in result.output and "Traceback" not in result.output


def test_model_check_names_a_record_that_is_not_a_json_object(tmp_path):
    from lstm_explainer.scenes.story import RNN_WEIGHTS

    weights = tmp_path / "rnn.npz"
    weights.write_bytes(RNN_WEIGHTS.read_bytes())
    for content in ("[1, 2]", "{not json"):
        weights.with_suffix(".json").write_text(content)
        result = invoke("model", "check", str(weights))
        assert_one_line(result, 1, "rnn.json")


def test_no_passwd_entry_and_no_home_is_no_crash(tmp_path):
    # In a fresh interpreter, so our modules import with no home folder to find (and stay as they are here);
    # manim reads its user config from the home folder when it is imported, so it is imported first.
    code = (
        "import manim, pathlib\n"
        "def no_passwd_entry():\n"
        "    raise RuntimeError('Could not determine home directory.')\n"
        "pathlib.Path.home = staticmethod(no_passwd_entry)\n"
        "from click.testing import CliRunner\n"
        "from lstm_explainer.cli import cli\n"
        "raise SystemExit(CliRunner().invoke(cli, ['list']).exit_code)\n"
    )
    env = {name: value for name, value in os.environ.items() if name != "HOME"} | {"XDG_CACHE_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_a_folder_that_takes_no_files_is_a_usage_error(tmp_path):
    read_only = Path("/sys/kernel")  # a folder even root cannot write into
    if not read_only.is_dir():
        pytest.fail("this test needs /sys/kernel")
    for command in (["render", "rnn-equations"], ["stills"]):
        result = invoke(*command, "-o", str(read_only))
        assert result.exit_code == 2 and "cannot write into /sys/kernel" in result.output
        assert "Traceback" not in result.output


# ------------------------------------------------------------ the content cache, through the CLI


@pytest.fixture
def fake_renderer(monkeypatch):
    """Replace the worker processes by a stand-in that writes a small file per job; records the scenes it made."""
    from fake_runner import fake_start_renders

    rendered: list[str] = []
    monkeypatch.setattr(jobs_module, "start_renders", fake_start_renders(rendered))
    return rendered


def test_an_unchanged_render_is_reused_and_force_renders_again(tmp_path, fake_renderer):
    out = str(tmp_path / "out")
    first = invoke("render", "rnn-equations", "unroll-rnn", "-o", out)
    assert first.exit_code == 0 and sorted(fake_renderer) == ["RNNEquations", "UnrollRNN"]  # heaviest first
    again = invoke("render", "rnn-equations", "unroll-rnn", "-o", out)
    assert again.exit_code == 0 and sorted(fake_renderer) == ["RNNEquations", "UnrollRNN"]
    assert "reused (up to date): RNNEquations, UnrollRNN" in again.stderr
    assert again.stdout == first.stdout  # stdout: only the paths
    assert invoke("render", "rnn-equations", "--theme", "light", "-o", out).exit_code == 0
    assert invoke("render", "rnn-equations", "--force", "-o", out).exit_code == 0
    assert fake_renderer[2:] == ["RNNEquations", "RNNEquations"]
    (tmp_path / "out" / "480p15" / "UnrollRNN.mp4").write_bytes(b"damaged")
    invoke("render", "unroll-rnn", "-o", out)
    assert fake_renderer[4:] == ["UnrollRNN"]


def test_touching_a_scene_a_component_it_uses_or_the_weights_renders_it_again(tmp_path, monkeypatch, fake_renderer):
    from lstm_explainer.rendering import cache as caches

    root = tmp_path / "project"
    for folder in (*caches.PROJECT_PACKAGES, "assets"):
        shutil.copytree(caches.ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(caches, "ROOT", root)
    monkeypatch.setattr(caches, "ASSETS", root / "assets")
    out = str(tmp_path / "out")

    def render_both() -> list[str]:
        before = len(fake_renderer)
        assert invoke("render", "rnn-equations", "vanishing-product", "-o", out).exit_code == 0
        return sorted(fake_renderer[before:])  # in any order: the heaviest starts first

    assert render_both() == ["RNNEquations", "VanishingProduct"]
    assert render_both() == []
    from fake_runner import scene_sources

    components = {p for p in scene_sources("VanishingProduct") if "/components/" in p}
    used_only_by_vanishing = sorted(Path(p).name for p in components - set(scene_sources("RNNEquations")))
    for touched, again in (
        ("lstm_explainer/scenes/vanishing_product.py", ["VanishingProduct"]),
        (f"lstm_explainer/scenes/components/{used_only_by_vanishing[0]}", ["VanishingProduct"]),
        ("lstm_explainer/model/rnn.py", ["RNNEquations", "VanishingProduct"]),
        ("assets/rnn_reber.npz", ["RNNEquations", "VanishingProduct"]),
    ):
        with open(root / touched, "ab") as handle:
            handle.write(b"\n")
        assert render_both() == again, touched


def test_unchanged_stills_are_reused_and_touching_a_scene_or_the_weights_renders_again(tmp_path, monkeypatch, fake_renderer):
    from lstm_explainer.rendering import cache as caches
    from test_cache import project_copy

    root = project_copy(tmp_path, monkeypatch)
    with_stills = [scene.__name__ for scene in scenes.in_story_order() if scene.stills]
    out = str(tmp_path / "stills")

    def stills(*options) -> tuple[list[str], object]:
        before = len(fake_renderer)
        result = invoke("stills", "-o", out, *options)
        assert result.exit_code == 0, result.output
        return sorted(fake_renderer[before:]), result  # in any order: the heaviest starts first

    with_stills = sorted(with_stills)
    made, first = stills()
    assert made == with_stills and len(with_stills) >= 2
    assert sorted(p.name for p in (tmp_path / "stills").glob("*.png")) == sorted(
        name for scene in scenes.in_story_order() for name in scene.stills
    )
    made, again = stills()
    assert made == [] and again.stdout == first.stdout
    assert f"reused (up to date): {', '.join(with_stills)}" in again.stderr
    assert stills("--force")[0] == with_stills
    with open(root / "lstm_explainer" / "scenes" / "rnn_equations.py", "a") as handle:
        handle.write("\n")
    assert stills()[0] == ["RNNEquations"]
    with open(root / "assets" / "rnn_reber.npz", "ab") as handle:
        handle.write(b"\n")
    assert stills()[0] == with_stills


def test_staging_folders_of_a_killed_run_are_removed_at_the_next_start(tmp_path, fake_renderer):
    out = tmp_path / "out"
    dead = out / ".staging-999999999-abc"  # no such process
    (dead / "media").mkdir(parents=True)
    (dead / "media" / "partial.mp4").write_bytes(b"half")
    alive = out / f".staging-{os.getppid()}-abc"  # a running process's: left alone
    alive.mkdir()
    assert invoke("render", "rnn-equations", "-o", str(out)).exit_code == 0
    assert not dead.exists() and alive.exists()
