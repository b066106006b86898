"""The typeset cache (safe to share, heals itself) and the content cache's keys, without rendering."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.jobs import RenderJob

SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M 0 0 L 1 1 Z"/></svg>\n'


def test_cache_root_follows_xdg_without_asking_for_the_home_folder(monkeypatch, tmp_path):
    def no_passwd_entry():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_passwd_entry))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert caches.cache_root() == tmp_path / "lstm-explainer"
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "")  # empty (and relative) values are ignored, never the current folder
    assert caches.cache_root() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert caches.cache_root() == tmp_path / ".cache" / "lstm-explainer"


def test_an_unwritable_cache_folder_means_no_shared_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", "/dev/null")
    assert caches.shared_typeset_dir() is None
    private = caches.seed_private_typeset(tmp_path / "private", None)
    assert Path(private["tex_dir"]).is_dir() and Path(private["text_dir"]).is_dir()


def test_damaged_entries_are_dropped_and_whole_ones_copied(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shared = caches.shared_typeset_dir()
    (shared / "text" / "whole.svg").write_text(SVG)
    (shared / "text" / "empty.svg").write_text("")
    (shared / "tex" / "cut.svg").write_text(SVG[: len(SVG) // 2])
    private = tmp_path / "private"
    caches.seed_private_typeset(private, shared)
    assert sorted(p.name for p in private.rglob("*.svg")) == ["whole.svg"]
    assert sorted(p.name for p in shared.rglob("*.svg")) == ["whole.svg"]  # healed: typeset again next time
    # The private entry is a copy: a shared entry emptied later does not reach this render.
    assert not (private / "text" / "whole.svg").samefile(shared / "text" / "whole.svg")
    (private / "text" / "new.svg").write_text(SVG[:10])
    assert not (shared / "text" / "new.svg").exists()
    (shared / "text" / "whole.svg").write_text("")  # emptied meanwhile: this render still reads it whole
    assert caches.svg_is_whole(private / "text" / "whole.svg")


def test_merge_moves_only_new_whole_entries(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shared = caches.shared_typeset_dir()
    private = tmp_path / "private"
    caches.seed_private_typeset(private, shared)
    (private / "tex" / "new.svg").write_text(SVG)
    (private / "tex" / "broken.svg").write_text("<svg")
    caches.merge_typeset(private, shared)
    assert sorted(p.name for p in shared.rglob("*")) == ["new.svg", "tex", "text"]
    assert (shared / "tex" / "new.svg").read_text() == SVG


def test_the_sources_a_scene_loads_hold_its_components_and_not_other_scenes():
    from fake_runner import scene_sources

    closure = set(scene_sources("VanishingProduct"))
    assert "lstm_explainer/scenes/vanishing_product.py" in closure and "lstm_explainer/scenes/story.py" in closure
    assert "lstm_explainer/scenes/__init__.py" in closure and "lstm_explainer/model/rnn.py" in closure
    assert any(p.startswith("lstm_explainer/scenes/components/") for p in closure)
    assert "lstm_explainer/scenes/rnn_equations.py" not in closure


def project_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the sources and weights, so the tests can touch them."""
    root = tmp_path / "project"
    for folder in (*caches.PROJECT_PACKAGES, "assets"):
        shutil.copytree(caches.ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(caches, "ROOT", root)
    monkeypatch.setattr(caches, "ASSETS", root / "assets")
    return root


def test_the_key_changes_with_the_scene_its_components_the_weights_and_the_options(tmp_path, monkeypatch):
    root = project_copy(tmp_path, monkeypatch)
    from fake_runner import scene_sources

    job = RenderJob(scene="VanishingProduct", out_dir=tmp_path / "out")
    sources = list(scene_sources("VanishingProduct"))

    def key(job=job):
        return caches.job_key(job, sources)[0]

    first = key()
    assert key() == first
    assert key(RenderJob(scene="VanishingProduct", out_dir=tmp_path / "elsewhere")) == first
    for changed in (
        RenderJob(scene="VanishingProduct", out_dir=job.out_dir, quality="m"),
        RenderJob(scene="VanishingProduct", out_dir=job.out_dir, theme="light"),
        RenderJob(scene="VanishingProduct", out_dir=job.out_dir, reber_string="BTXSE"),
        RenderJob(scene="VanishingProduct", out_dir=job.out_dir, transparent=True),
    ):
        assert key(changed) != first
    seen = {first}
    for touched in ("lstm_explainer/scenes/vanishing_product.py", "lstm_explainer/scenes/story.py", "lstm_explainer/model/rnn.py", "assets/rnn_reber.npz"):
        with open(root / touched, "ab") as handle:
            handle.write(b"\n")
        seen.add(key())
    assert len(seen) == 5
    with open(root / "lstm_explainer" / "scenes" / "rnn_equations.py", "a") as handle:  # another scene's source: no effect
        handle.write("\n")
    assert key() in seen


def test_a_file_is_reused_only_when_intact_and_made_from_the_same_key(tmp_path):
    video = tmp_path / "Scene.mp4"
    subtitles = tmp_path / "Scene.srt"
    video.write_bytes(b"video")
    subtitles.write_text("1\n")
    caches.write_sidecar(video, "k1", {"scene": "Scene"}, [video, subtitles])
    assert caches.reusable(video, "k1") and not caches.reusable(video, "k2")
    os.utime(subtitles, ns=(0, 0))
    assert not caches.reusable(video, "k1")
    caches.write_sidecar(video, "k1", {}, [video])
    video.write_bytes(b"cut")
    assert not caches.reusable(video, "k1")
    caches.sidecar(video).write_text("[]")
    assert not caches.reusable(video, "k1")


def test_a_file_damaged_in_place_with_its_size_and_time_put_back_is_not_reused(tmp_path):
    video = tmp_path / "Scene.mp4"
    video.write_bytes(b"video frames")
    caches.write_sidecar(video, "k1", {}, [video])
    assert caches.reusable(video, "k1")
    status = video.stat()
    video.write_bytes(b"video xrames")  # same size
    os.utime(video, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert video.stat().st_mtime_ns == status.st_mtime_ns and video.stat().st_size == status.st_size
    assert not caches.reusable(video, "k1")


def test_another_scenes_title_is_in_the_openings_key(tmp_path, monkeypatch):
    """The Opening lists every scene's title (through the registry): a title changed elsewhere changes its key."""
    import subprocess
    import sys

    code = (
        "import sys; before = set(sys.modules)\n"
        "from lstm_explainer.rendering import cache, manim_scene\n"
        "manim_scene.build('Opening')\n"
        "print('\\n'.join(cache.project_sources(before)))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(tmp_path / "cache"))}
    run = subprocess.run([sys.executable, "-c", code], cwd=caches.ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    sources = run.stdout.split()
    assert "lstm_explainer/scenes/opening.py" in sources and "lstm_explainer/scenes/lstm_cell.py" in sources
    root = project_copy(tmp_path, monkeypatch)
    job = RenderJob(scene="Opening", out_dir=tmp_path / "out")
    first = caches.job_key(job, sources)[0]
    cell = root / "lstm_explainer" / "scenes" / "lstm_cell.py"
    text = cell.read_text()
    import re

    title = re.search(r'^    title = "([^"]+)"', text, re.M)
    cell.write_text(text.replace(title.group(0), title.group(0).replace(title.group(1), title.group(1) + " renamed")))
    assert caches.job_key(job, sources)[0] != first


def test_combine_writes_through_a_name_of_its_own_and_reuses_an_unchanged_result(tmp_path, monkeypatch):
    import manim_slides.utils

    from lstm_explainer.rendering.webvideo import combine

    used = []

    def concatenate(videos, partial):
        used.append(Path(partial))
        Path(partial).write_bytes(b"".join(Path(v).read_bytes() for v in videos))

    monkeypatch.setattr(manim_slides.utils, "concatenate_video_files", concatenate)
    parts = []
    for name in ("A", "B"):
        parts.append(tmp_path / f"{name}.mp4")
        parts[-1].write_bytes(name.encode())
        caches.write_sidecar(parts[-1], f"key-{name}", {}, [parts[-1]])
    dest = tmp_path / "whole.mp4"
    combine(parts, dest)
    combine(parts[::-1], dest)
    assert len(set(used)) == 2 and all(p.parent == tmp_path and p.name.startswith(".") for p in used)
    assert dest.read_bytes() == b"BA"
    combine(parts[::-1], dest)  # unchanged: not joined again
    assert len(used) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["A.mp4", "A.mp4.key.json", "B.mp4", "B.mp4.key.json", "whole.mp4", "whole.mp4.key.json"]
    )


def test_quality_folders_are_manims():
    from manim.constants import QUALITIES

    from lstm_explainer.rendering.quality import QUALITY_FOLDERS, QUALITY_PRESETS

    for letter, preset in QUALITY_PRESETS.items():
        assert QUALITY_FOLDERS[letter] == f"{QUALITIES[preset]['pixel_height']}p{QUALITIES[preset]['frame_rate']}"


def test_an_up_to_date_render_does_not_import_manim(tmp_path):
    """The reuse path stays fast: manim's import alone takes seconds."""
    import subprocess
    import sys

    script = (
        "import sys; from click.testing import CliRunner; import lstm_explainer.rendering.jobs as jobs; "
        "jobs.start_renders = lambda *args, **kwargs: iter(()); "
        "from lstm_explainer.cli import cli; CliRunner().invoke(cli, ['render', 'rnn-equations', '-o', sys.argv[1]]); "
        "print('manim' in sys.modules)"
    )
    out = tmp_path / "out"
    (out / "480p15").mkdir(parents=True)
    job = RenderJob(scene="RNNEquations", out_dir=out)
    video = out / "480p15" / "RNNEquations.mp4"
    video.write_bytes(b"video")
    caches.write_sidecar(video, *caches.job_key(job, ["lstm_explainer/scenes/rnn_equations.py"]), [video])
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-c", script, str(out)], cwd=caches.ROOT, env=env, capture_output=True, text=True
    )
    run()  # the first run in a fresh cache imports the scenes once, for the catalog
    assert run().stdout.split() == ["False"]


def test_a_last_frame_leaves_the_videos_subtitles_alone(tmp_path):
    from lstm_explainer.rendering.jobs import publish, result_path

    video_job = RenderJob(scene="RNNEquations", out_dir=tmp_path)
    frame_job = RenderJob(scene="RNNEquations", out_dir=tmp_path, last_frame=True)
    staging = tmp_path / "staging"
    staging.mkdir()
    for name, content in (("RNNEquations.mp4", b"video"), ("RNNEquations.srt", b"1\n"), ("RNNEquations.png", b"png")):
        (staging / name).write_bytes(content)
    publish(video_job, [staging / "RNNEquations.mp4", staging / "RNNEquations.srt"])
    publish(frame_job, [staging / "RNNEquations.png"])
    folder = result_path(video_job).parent
    assert sorted(p.name for p in folder.iterdir()) == ["RNNEquations.mp4", "RNNEquations.png", "RNNEquations.srt"]
    (staging / "RNNEquations.mp4").write_bytes(b"video without subtitles")
    publish(video_job, [staging / "RNNEquations.mp4"])  # a video's old subtitles go with the old video
    assert sorted(p.name for p in folder.iterdir()) == ["RNNEquations.mp4", "RNNEquations.png"]


def test_burned_and_plain_renders_have_different_keys(tmp_path):
    keys = {caches.job_key(RenderJob("RNNEquations", tmp_path, subtitles=s), [])[0] for s in ("srt", "burn", "none")}
    assert len(keys) == 3
