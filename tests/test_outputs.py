"""`render.py embed` and `render.py lecture` on two short scenes, checked by their files and in a real browser.

The browser is Debian's headless Chromium with the network off (tests/browser.py):
the gallery and the lecture must work from disk alone. Screenshots are kept in
the test's temporary folder (pytest prints where with -rA).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

from lstm_explainer.cli import cli

# the embed and lecture fixtures are made once per worker: keep their readers on one
pytestmark = pytest.mark.xdist_group("outputs")

SCENES = ("RNNEquations", "ErrorAtStepOne")  # the two shortest
TINY_SIZE = (256, 144, 5)  # width, height, frame rate: what the tests render at
TINY = {"pixel_width": TINY_SIZE[0], "pixel_height": TINY_SIZE[1], "frame_rate": TINY_SIZE[2]}
LINK = re.compile(r'\b(?:src|href|poster|data-background-video|data-background-image)="([^"]*)"')


def embed(folder: Path) -> list[Path]:
    from lstm_explainer.rendering.embed import embed as make_embed

    return make_embed(list(SCENES), folder, processes=2, size=TINY_SIZE)[0]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("embed")
    return folder, embed(folder)


@pytest.fixture(scope="module")
def lecture(tmp_path_factory) -> Path:
    from lstm_explainer.rendering.lecture import make_lecture

    folder = tmp_path_factory.mktemp("lecture")
    paths, _ = make_lecture(list(SCENES), folder, quality="l", processes=2, settings=TINY)
    assert paths[0] == folder / "lecture.html"
    return folder


@pytest.fixture(scope="module")
def beats(embedded) -> dict[str, list[str]]:
    """Each scene's beat captions, as the build that made its clip recorded them."""
    folder, _ = embedded
    clips = json.loads((folder / "manifest.json").read_text())["clips"]
    return {name: [beat["caption"] for beat in clips[name]["beats"]] for name in SCENES}


def seconds_and_size(path: Path) -> tuple[float, int, int]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert next(container.decode(stream)) is not None
        return container.duration / av.time_base, stream.codec_context.width, stream.codec_context.height


def links(text: str) -> list[str]:
    """Every address the page refers to, outside comments."""
    return LINK.findall(re.sub(r"<!--.*?-->", "", text, flags=re.S))


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        hours, minutes, rest = stamp.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(rest)

    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        _, times, caption = block.split("\n", 2)
        start, end = times.split(" --> ")
        cues.append((seconds(start), seconds(end), caption))
    return cues


@pytest.mark.slow
def test_embed_writes_both_encodings_of_one_length_and_size(embedded):
    folder, output = embedded
    for scene in SCENES:
        webm, mp4 = seconds_and_size(folder / f"{scene}.webm"), seconds_and_size(folder / f"{scene}.mp4")
        assert webm[1:] == mp4[1:] == TINY_SIZE[:2]
        assert webm[0] == pytest.approx(mp4[0], abs=0.1) and mp4[0] > 5
        head = (folder / f"{scene}.mp4").read_bytes()[:1 << 16]
        assert 0 <= head.find(b"moov") < head.find(b"mdat")  # the index before the data: playback starts early
    assert {path.name for path in output} >= {"index.html", "snippets.md", f"{SCENES[0]}.webm"}


@pytest.mark.slow
def test_posters_and_captions_cover_the_clip(embedded, beats):
    from PIL import Image

    folder, _ = embedded
    for scene in SCENES:
        duration, width, height = seconds_and_size(folder / f"{scene}.mp4")
        for poster in (folder / f"{scene}.png", folder / f"{scene}.webp"):
            assert Image.open(poster).size == (width, height)
        cues = vtt_cues(folder / f"{scene}.vtt")
        assert [caption for _, _, caption in cues] == beats[scene]
        assert cues[0][0] == 0 and cues[-1][1] == pytest.approx(duration, abs=0.25)
        assert all(end == next_start for (_, end, _), (next_start, _, _) in zip(cues, cues[1:]))


@pytest.mark.slow
def test_snippets_and_gallery_reference_only_local_files_that_exist(embedded):
    folder, _ = embedded
    pages = [folder / f"{scene}.html" for scene in SCENES] + [folder / "index.html", folder / "snippets.md"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = links(text)
        assert found, page
        assert not [link for link in found if link.startswith(("http://", "https://", "//"))], page
        for link in found:
            assert link.startswith("data:") or (folder / link).is_file(), (page, link)
    snippet = (folder / "RNNEquations.html").read_text()
    assert '<video controls playsinline preload="metadata"' in snippet and "<track default" in snippet
    assert "RNNs and a concrete example" in snippet  # the post's section
    for scene in SCENES:  # clips, posters and captions of a scene share its stem
        names = [p for p in folder.glob(f"{scene}.*") if not p.name.endswith(".key.json")]
        assert {p.suffix for p in names} == {".webm", ".mp4", ".png", ".webp", ".vtt", ".html"}


@pytest.mark.slow
def test_second_embed_rewrites_nothing(embedded):
    folder, _ = embedded
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*")}
    started = time.monotonic()
    embed(folder)
    assert {path: path.stat().st_mtime_ns for path in folder.rglob("*")} == before
    assert time.monotonic() - started < 30  # nothing rendered


@pytest.mark.slow
def test_lecture_is_one_deck_of_local_files_a_slide_per_beat_with_notes(lecture, beats):
    html = (lecture / "lecture.html").read_text(encoding="utf-8")
    found = links(html)
    assert not [link for link in found if link.startswith(("http://", "https://", "//"))]
    assert all((lecture / link).is_file() for link in found)
    assert "revealjs-5.2.0/dist/reveal.js" in found
    # Every beat is one slide, its end a pause point; no scene plays anything before its first beat.
    slides = re.findall(r"<section\b[^>]*data-background-video=", html)
    captions = [caption for name in SCENES for caption in beats[name]]
    assert len(slides) == len(captions)
    notes = re.findall(r'<aside class="notes" data-markdown>(.*?)</aside>', html, flags=re.S)
    assert [note.strip() for note in notes] == captions


@pytest.mark.slow
def test_gallery_and_lecture_work_in_headless_chromium_offline(embedded, lecture, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from browser import chromium, drawn_screenshot, requests, wait_for

    folder, _ = embedded
    duration = seconds_and_size(folder / f"{SCENES[0]}.mp4")[0]
    with chromium() as driver:
        driver.get((folder / "index.html").as_uri())
        state = wait_for(driver, "const v = document.querySelector('video');"
                                 "return v.readyState >= 1 && [v.readyState, v.duration];")
        assert state[1] == pytest.approx(duration, abs=0.25)
        cues = wait_for(driver, "const t = document.querySelector('video').textTracks[0];"
                                "return t.cues && t.cues.length;")
        assert cues == len(vtt_cues(folder / f"{SCENES[0]}.vtt"))
        driver.execute_script("const v = document.querySelector('video'); v.currentTime = 2; v.play();")
        wait_for(driver, "return document.querySelector('video').currentTime > 2.5;")
        assert drawn_screenshot(driver, tmp_path / "gallery.png")

        driver.get((lecture / "lecture.html").as_uri())
        wait_for(driver, "return window.Reveal && Reveal.isReady();")
        assert driver.execute_script("return Reveal.getIndices().h;") == 0
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
        wait_for(driver, "return Reveal.getIndices().h === 1;", timeout=10)
        played = wait_for(driver, "const v = Reveal.getSlideBackground(Reveal.getCurrentSlide()).querySelector('video');"
                                  "return v && v.currentTime > 0.3 && v.currentTime;")
        assert played > 0.3
        assert drawn_screenshot(driver, tmp_path / "lecture.png")
        outside = [url for url in requests(driver) if not url.startswith(("file:", "data:", "blob:", "chrome:"))]
        assert outside == []


def test_lecture_rejects_an_unknown_scene_before_rendering(tmp_path):
    result = CliRunner().invoke(cli, ["lecture", "NoSuchScene", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "unknown scene" in result.output
    assert list(tmp_path.iterdir()) == []


def test_embed_command_prints_every_size_and_the_total(tmp_path, monkeypatch):
    import lstm_explainer.rendering.embed

    made = [tmp_path / "RNNEquations.mp4", tmp_path / "index.html"]
    for path in made:
        path.write_bytes(b"x" * 1500)
    monkeypatch.setattr(lstm_explainer.rendering.embed, "embed", lambda *args, **kwargs: (made, []))
    result = CliRunner().invoke(cli, ["embed", "rnn-equations", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1.5 kB" in result.output and "total: 3.0 kB" in result.output


def test_numbers_table_lists_what_a_scene_shows_and_nothing_when_it_shows_none():
    from lstm_explainer.rendering.embed import Clip, shown_table

    shown = {"scene": "ErrorAtStepOne", "beat": "output_weight", "string": "BTSSXXTVVE", "quantity": "dy/dV",
             "index": {"t": 1, "k": 2}, "value": 0.2384126, "text": "0.238"}
    clip = Clip("ErrorAtStepOne", [], 50.0, 854, 480, shown=[shown])
    table = shown_table(clip)
    assert "<table>" in table and "<td>0.238</td>" in table and "t = 1, k = 2" in table and "0.238413" in table
    assert shown_table(Clip("ErrorAtStepOne", [], 50.0, 854, 480)) == ""


def test_webvtt_cues_are_escaped_and_timed():
    from lstm_explainer.rendering.webvideo import webvtt

    text = webvtt([(0, 61.5, "a --> b\n\nc"), (61.5, 3725.25, "d")])
    assert text.splitlines()[:4] == ["WEBVTT", "", "1", "00:00:00.000 --> 00:01:01.500"]
    assert "a → b c" in text and "00:01:01.500 --> 01:02:05.250" in text


# ------------------------------------------------------------ embed and lecture reuse the content cache


@pytest.fixture
def fake_processes(monkeypatch):
    """Stand-ins for the clip and slide renders (in this process, tiny files); records the scenes they made."""
    from fake_runner import fake_start_renders

    from lstm_explainer.rendering import jobs
    from lstm_explainer.rendering.embed import Clip

    rendered: list[str] = []

    def clip(job, staging, count):
        out = staging / "out"
        out.mkdir(exist_ok=True)
        names = [f"{job.scene}{suffix}" for suffix in (".webm", ".mp4", ".png", ".webp", ".vtt")]
        for name in names:
            (out / name).write_text(f"WEBVTT\n\n{name}\n")
        return [out / name for name in names], Clip(job.scene, names, 1.0, *TINY_SIZE[:2])

    def slides(job, staging, count):
        files = staging / "slides" / "files" / job.scene
        files.mkdir(parents=True)
        (files / "beat.mp4").write_bytes(job.scene.encode())
        slide = {"file": str(files / "beat.mp4"), "rev_file": str(files / "beat.mp4"), "notes": job.scene}
        record = {"slides": [slide], "resolution": TINY_SIZE[:2], "background_color": "black"}
        (staging / "slides" / f"{job.scene}.json").write_text(json.dumps(record))
        return [staging / "slides" / f"{job.scene}.json"], None

    makers = {"lstm_explainer.rendering.embed:make_clip": clip, "lstm_explainer.rendering.lecture:render_slides": slides}
    monkeypatch.setattr(jobs, "start_renders", fake_start_renders(rendered, makers))
    return rendered


@pytest.mark.parametrize("command", ["embed", "lecture"])
def test_an_unchanged_embed_or_lecture_renders_nothing_and_touching_a_scene_or_the_weights_does(
    command, tmp_path, monkeypatch, fake_processes
):
    from test_cache import project_copy

    root = project_copy(tmp_path, monkeypatch)
    out = tmp_path / "out"

    def run(*options) -> list[str]:
        before = len(fake_processes)
        result = CliRunner().invoke(cli, [command, *SCENES, "-o", str(out), *options])
        assert result.exit_code == 0, result.output
        return fake_processes[before:], result

    assert run()[0] == list(SCENES)
    files = lambda: {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}  # noqa: E731
    before = files()
    made, again = run()
    assert made == [] and f"reused (up to date): {', '.join(sorted(SCENES))}" in again.stderr
    assert files() == before  # nothing rewritten
    assert run("--force")[0] == list(SCENES)
    with open(root / "lstm_explainer" / "scenes" / "rnn_equations.py", "a") as handle:
        handle.write("\n")
    assert run()[0] == ["RNNEquations"]
    with open(root / "assets" / "rnn_reber.npz", "ab") as handle:
        handle.write(b"\n")
    assert run()[0] == list(SCENES)
    for sidecar in out.rglob("*.key.json"):  # a damaged file is made again
        sidecar.with_name(sidecar.name.removesuffix(".key.json")).write_text("damaged")
        break
    assert len(run()[0]) == 1
