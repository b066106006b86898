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

SCENES = ("Opening", "RNNEquations")  # the two shortest: one without a post figure, one with
THEME = "dark"
TINY_SIZE = (256, 144, 5)  # width, height, frame rate: what the tests render at
TINY = {"pixel_width": TINY_SIZE[0], "pixel_height": TINY_SIZE[1], "frame_rate": TINY_SIZE[2]}
LINK = re.compile(r'\b(?:src|href|poster|data-background-video|data-background-image)="([^"]*)"')


def embed(folder: Path) -> list[Path]:
    from lstm_explainer.rendering.embed import embed as make_embed

    return make_embed(list(SCENES), folder, processes=2, size=TINY_SIZE)[0]


def stem(scene: str) -> str:
    return f"{scene}-{THEME}"


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
    return {name: [beat["caption"] for beat in clips[stem(name)]["beats"]] for name in SCENES}


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
        webm, mp4 = seconds_and_size(folder / f"{stem(scene)}.webm"), seconds_and_size(folder / f"{stem(scene)}.mp4")
        assert webm[1:] == mp4[1:] == TINY_SIZE[:2]
        assert webm[0] == pytest.approx(mp4[0], abs=0.1) and mp4[0] > 5
        head = (folder / f"{stem(scene)}.mp4").read_bytes()[:1 << 16]
        assert 0 <= head.find(b"moov") < head.find(b"mdat")  # the index before the data: playback starts early
    assert {path.name for path in output} >= {"index.html", "snippets.md", f"{stem(SCENES[0])}.webm"}


def drawn_share(picture, background: str) -> float:
    """The share of a picture's pixels that are not the background colour (a video's colours wobble a little)."""
    import numpy as np
    from PIL import ImageColor

    pixels = np.asarray(picture.convert("RGB"), dtype=int).reshape(-1, 3)
    return float((np.abs(pixels - ImageColor.getrgb(background)).max(axis=1) > 40).mean())


def last_frame(path: Path):
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            pass
    return frame.to_image()


@pytest.mark.slow
def test_every_poster_and_every_clips_last_frame_show_the_picture_not_the_background(embedded):
    from PIL import Image

    from lstm_explainer import scenes
    from lstm_explainer.scenes.theme import PALETTES

    folder, _ = embedded
    background = PALETTES[THEME].background
    for scene in SCENES:
        duration, width, height = seconds_and_size(folder / f"{stem(scene)}.mp4")
        posters = [Image.open(folder / f"{stem(scene)}{suffix}") for suffix in (".png", ".webp")]
        assert all(poster.size == (width, height) for poster in posters)
        ends = [last_frame(folder / f"{stem(scene)}{suffix}") for suffix in (".mp4", ".webm")]
        for picture in posters + ends:
            assert drawn_share(picture, background) > 0.01, scene  # not a faded, empty frame
    # A scene without a post figure: its poster is the clip's last frame, the picture before the fade.
    assert not scenes.by_name(SCENES[0]).stills
    poster = Image.open(folder / f"{stem(SCENES[0])}.png").convert("RGB")
    end = last_frame(folder / f"{stem(SCENES[0])}.mp4")
    import numpy as np

    assert np.abs(np.asarray(poster, dtype=int) - np.asarray(end, dtype=int)).mean() < 4


@pytest.mark.slow
def test_captions_and_chapters_follow_the_beats(embedded, beats):
    from lstm_explainer.rendering.embed import beat_title

    folder, _ = embedded
    for scene in SCENES:
        duration = seconds_and_size(folder / f"{stem(scene)}.mp4")[0]
        cues = vtt_cues(folder / f"{stem(scene)}.vtt")
        assert [caption for _, _, caption in cues] == beats[scene]
        assert cues[0][0] == 0 and cues[-1][1] == pytest.approx(duration, abs=0.25)
        assert all(end == next_start for (_, end, _), (next_start, _, _) in zip(cues, cues[1:]))
        chapters = vtt_cues(folder / f"{stem(scene)}.chapters.vtt")
        assert [(start, end) for start, end, _ in chapters] == [(start, end) for start, end, _ in cues]
        assert [title for _, _, title in chapters] == [beat_title(caption) for caption in beats[scene]]


def test_a_beats_title_is_the_first_phrase_of_its_caption_cut_at_a_word():
    from lstm_explainer.rendering.embed import beat_title

    assert beat_title("Step 3: the error flows back. Then more.") == "Step 3"
    assert beat_title("Two equations are the whole network, nothing else.") == "Two equations are the whole network"
    long = beat_title("Every number on screen comes from a real network trained on the Reber grammar.")
    assert long.endswith("…") and len(long) <= 49 and "Every number on screen comes from a real".startswith(long[:-1])


@pytest.mark.slow
def test_snippets_and_gallery_reference_only_local_files_that_exist(embedded):
    folder, _ = embedded
    pages = [folder / f"{stem(scene)}.html" for scene in SCENES] + [folder / "index.html", folder / "snippets.md"]
    pages += [folder / "hugo/layouts/shortcodes/lstm-explainer.html", folder / "jekyll/_includes/lstm-explainer.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = links(text)
        assert found, page
        assert not [link for link in found if link.startswith(("http://", "https://", "//"))], page
        for link in found:
            assert link.startswith("data:") or (folder / link).is_file(), (page, link)
    for scene in SCENES:  # clips, posters and captions of a scene share its stem, which names the theme
        names = [p.name.removeprefix(stem(scene)) for p in folder.glob(f"{stem(scene)}.*") if not p.name.endswith(".key.json")]
        assert sorted(names) == sorted([".webm", ".mp4", ".png", ".webp", ".vtt", ".chapters.vtt", ".html"])


@pytest.mark.slow
def test_a_snippet_is_for_readers_with_a_fallback_a_name_and_its_transcript(embedded, beats):
    folder, _ = embedded
    snippet = (folder / f"{stem('RNNEquations')}.html").read_text()
    video = snippet[snippet.index("<video"):snippet.index("</video>")]
    assert 'aria-label="The vanilla RNN: ' in video
    assert "<track default" not in video and 'kind="captions"' in video and 'kind="chapters"' in video  # off at first
    assert '<a href="RNNEquations-dark.mp4">' in video and '<img src="RNNEquations-dark.webp"' in video  # the fallback
    figcaption = re.search(r"<figcaption>(.*?)</figcaption>", snippet, flags=re.S).group(1)
    assert "The vanilla RNN" in figcaption and "section" not in figcaption  # for readers, not the post's author
    transcript = snippet[snippet.index('<details class="transcript">'):]
    assert [html_text(item) for item in re.findall(r"</span> (.*?)</li>", transcript)] == beats["RNNEquations"]
    # Hugo's shortcode and Jekyll's include hold every clip's snippet, chosen by its stem
    hugo = (folder / "hugo/layouts/shortcodes/lstm-explainer.html").read_text()
    jekyll = (folder / "jekyll/_includes/lstm-explainer.html").read_text()
    for scene in SCENES:
        piece = (folder / f"{stem(scene)}.html").read_text().rstrip("\n")
        assert f'eq $clip "{stem(scene)}" }}}}\n{piece}' in hugo
        assert f'{{%- when "{stem(scene)}" -%}}\n{piece}' in jekyll


def html_text(fragment: str) -> str:
    import html

    return html.unescape(fragment)


def test_the_base_url_starts_every_address_of_a_snippet():
    from lstm_explainer.rendering.embed import Clip, snippet

    clip = Clip("Opening", [], 24.0, 854, 480, beats=[{"name": "a", "caption": "A.", "start": 0, "end": 3}])
    for base in ("https://example.org/clips", "https://example.org/clips/"):
        found = links(snippet(clip, base))
        assert found and all(link.startswith("https://example.org/clips/Opening-dark.") for link in found)


@pytest.mark.parametrize("url", ["clips/", "javascript:alert(1)", 'https://x.org/"><script>'])
def test_embed_rejects_a_base_url_that_is_not_an_address(url, tmp_path):
    result = CliRunner().invoke(cli, ["embed", "Opening", "-o", str(tmp_path / "out"), "--base-url", url])
    assert result.exit_code == 2 and "--base-url" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_second_embed_rewrites_nothing(embedded):
    folder, _ = embedded
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*")}
    started = time.monotonic()
    embed(folder)
    assert {path: path.stat().st_mtime_ns for path in folder.rglob("*")} == before
    assert time.monotonic() - started < 30  # nothing rendered


@pytest.mark.slow
def test_lecture_is_one_deck_of_local_files_a_title_a_divider_per_scene_and_a_slide_per_beat(lecture, beats):
    from lstm_explainer import scenes

    html = (lecture / "lecture.html").read_text(encoding="utf-8")
    found = links(html)
    assert not [link for link in found if link.startswith(("http://", "https://", "//"))]
    assert all((lecture / link).is_file() for link in found)
    assert "revealjs-5.2.0/dist/reveal.js" in found
    sections = re.findall(r"<section\b([^>]*)>(.*?)</section>", html, flags=re.S)
    assert 'class="title-slide"' in sections[0][0]
    # Every scene: its divider with its title, then one slide per beat, the caption its speaker notes.
    expected, at = [], 1
    for name in SCENES:
        attributes, body = sections[at]
        assert 'class="divider"' in attributes and html_text(re.search(r"<h2>(.*?)</h2>", body).group(1)) == scenes.by_name(name).title
        slides = sections[at + 1:at + 1 + len(beats[name])]
        assert all("data-background-video=" in attributes for attributes, _ in slides)
        expected += beats[name]
        at += 1 + len(beats[name])
    assert at == len(sections)
    notes = [html_text(re.search(r'<aside class="notes">(.*?)</aside>', body).group(1))
             for attributes, body in sections if "data-background-video=" in attributes]  # fmt: skip
    assert notes == expected


@pytest.mark.slow
def test_gallery_and_lecture_work_in_headless_chromium_offline(embedded, lecture, tmp_path, beats):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from browser import chromium, drawn_screenshot, requests, wait_for

    folder, _ = embedded
    duration = seconds_and_size(folder / f"{stem(SCENES[0])}.mp4")[0]
    current = ("const v = Reveal.getSlideBackground(Reveal.getCurrentSlide()).querySelector('video');"
               "return v && v.currentTime > 0.3 && v.currentTime;")
    with chromium() as driver:
        driver.get((folder / "index.html").as_uri())
        state = wait_for(driver, "const v = document.querySelector('video');"
                                 "return v.readyState >= 1 && [v.readyState, v.duration];")
        assert state[1] == pytest.approx(duration, abs=0.25)
        cues = wait_for(driver, "const t = document.querySelector('video').textTracks[0];"
                                "return t.cues && t.cues.length;")
        assert cues == len(vtt_cues(folder / f"{stem(SCENES[0])}.vtt"))
        driver.execute_script("const v = document.querySelector('video'); v.currentTime = 2; v.play();")
        wait_for(driver, "return document.querySelector('video').currentTime > 2.5;")
        # The captions run in a band under the picture: the caption of the beat playing, never over the video.
        band = wait_for(driver, "const b = document.querySelector('.band'); return b.textContent && b.textContent;")
        assert band in beats[SCENES[0]]
        video, under = driver.execute_script(
            "const r = (e) => { const b = e.getBoundingClientRect(); return [b.top, b.bottom, b.left, b.right]; };"
            "return [r(document.querySelector('video')), r(document.querySelector('.band'))];"
        )
        assert under[0] >= video[1] - 0.5
        assert driver.execute_script("return Array.from(document.querySelectorAll('video'))"
                                     ".every(v => Array.from(v.textTracks).every(t => t.mode !== 'showing'));")
        assert drawn_screenshot(driver, tmp_path / "gallery.png")
        # On a 400 px phone nothing scrolls sideways, the numbers' tables open included.
        driver.set_window_size(400, 900)
        driver.execute_script("for (const d of document.querySelectorAll('details')) d.open = true;")
        assert driver.execute_script("const e = document.documentElement; return e.scrollWidth <= e.clientWidth;")
        driver.set_window_size(1280, 900)

        driver.get((lecture / "lecture.html").as_uri())
        wait_for(driver, "return window.Reveal && Reveal.isReady();")
        assert driver.execute_script("return Reveal.getIndices().h;") == 0  # the title slide
        for _ in range(2):  # Space, as in any reveal.js deck: past the first scene's divider to its first beat
            ActionChains(driver).send_keys(Keys.SPACE).perform()
        wait_for(driver, "return Reveal.getIndices().h === 2;", timeout=10)
        assert wait_for(driver, current) > 0.3  # the beat's animation plays when its slide opens
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
        wait_for(driver, "return Reveal.getIndices().h === 3 && location.hash === '#/3';", timeout=10)
        driver.refresh()  # a reload stays on the slide
        wait_for(driver, "return window.Reveal && Reveal.isReady();")
        assert driver.execute_script("return Reveal.getIndices().h;") == 3
        wait_for(driver, current)
        ActionChains(driver).send_keys("r").perform()  # R pauses the animation, and plays it again
        wait_for(driver, "return Reveal.getSlideBackground(Reveal.getCurrentSlide()).querySelector('video').paused;")
        shown = driver.execute_script("return [document.querySelector('.slide-number').textContent,"
                                      "document.querySelector('.progress span').getBoundingClientRect().width];")
        assert "".join(shown[0].split()) == f"4/{len(re.findall('<section', (lecture / 'lecture.html').read_text()))}"
        assert shown[1] > 0
        # The slide number, the arrows and the progress bar sit in a strip under the picture, never over it.
        drawn, overlays = driver.execute_script(
            "const v = Reveal.getSlideBackground(Reveal.getCurrentSlide()).querySelector('video');"
            "const b = v.getBoundingClientRect(), s = Math.min(b.width / v.videoWidth, b.height / v.videoHeight);"
            "const tops = ['.slide-number', '.progress', '.controls button.enabled']"
            ".flatMap(q => Array.from(document.querySelectorAll(q))).map(e => e.getBoundingClientRect())"
            ".filter(r => r.width > 0 && r.height > 0).map(r => r.top);"
            "return [b.top + (b.height + v.videoHeight * s) / 2, tops];"
        )
        assert len(overlays) >= 3 and min(overlays) >= drawn - 0.5
        assert drawn_screenshot(driver, tmp_path / "lecture.png")
        outside = [url for url in requests(driver) if not url.startswith(("file:", "data:", "blob:", "chrome:"))]
        assert outside == []


@pytest.mark.slow
def test_a_snippet_pasted_into_a_page_in_another_folder_plays_from_the_base_url(embedded, tmp_path):
    from browser import chromium, drawn_screenshot, wait_for
    from lstm_explainer.rendering.embed import read_manifest, snippet

    folder, _ = embedded
    clips = read_manifest(folder)
    post = tmp_path / "site" / "_posts" / "2026-12-07-lstm"  # a Jekyll-like post, far from the clips
    post.mkdir(parents=True)
    pieces = [snippet(clips[stem(scene)], folder.as_uri() + "/") for scene in SCENES]
    page = "<!doctype html><meta charset='utf-8'><title>post</title><p>Some text.</p>" + "\n".join(pieces)
    (post / "index.html").write_text(page, encoding="utf-8")
    with chromium() as driver:
        driver.get((post / "index.html").as_uri())
        for index in range(len(SCENES)):
            wait_for(driver, f"return document.querySelectorAll('video')[{index}].readyState >= 2;")
        source = driver.execute_script("return document.querySelector('video').currentSrc;")
        assert source.startswith(folder.as_uri() + "/")
        driver.execute_script("document.querySelector('video').play();")
        wait_for(driver, "return document.querySelector('video').currentTime > 1;")
        assert driver.execute_script("return Array.from(document.querySelectorAll('video'))"
                                     ".every(v => Array.from(v.textTracks).every(t => t.mode !== 'showing'));")
        assert drawn_screenshot(driver, tmp_path / "post.png")


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
             "index": {"t": 1, "k": 2}, "value": 0.2384126, "text": "0.238", "label": "∂y_1/∂V, k = 2"}
    beat = {"name": "output_weight", "caption": "The output weights first, from the error.", "start": 0, "end": 5}
    clip = Clip("ErrorAtStepOne", [], 50.0, 854, 480, beats=[beat], shown=[shown])
    table = shown_table(clip)
    assert "<table>" in table and '<td data-label="shown">0.238</td>' in table and "t = 1, k = 2" in table
    assert '<td data-label="value">0.238413</td>' in table
    assert '<td data-label="read as">∂y_1/∂V, k = 2</td>' in table  # what the viewer reads it by, on screen
    assert '<td data-label="beat">The output weights first</td>' in table and "output_weight" not in table
    assert shown_table(Clip("ErrorAtStepOne", [], 50.0, 854, 480)) == ""
    unlabelled = shown_table(Clip("ErrorAtStepOne", [], 50.0, 854, 480, beats=[beat], shown=[{**shown, "label": ""}]))
    assert "read as" not in unlabelled and "0.238" in unlabelled  # no column of blanks for a scene without labels


def test_webvtt_cues_are_escaped_and_timed():
    from lstm_explainer.rendering.webvideo import webvtt

    text = webvtt([(0, 61.5, "a --> b\n\nc"), (61.5, 3725.25, "d")])
    assert text.splitlines()[:4] == ["WEBVTT", "", "1", "00:00:00.000 --> 00:01:01.500"]
    assert "a → b c" in text and "00:01:01.500 --> 01:02:05.250" in text


# ------------------------------------------------------------ embed and lecture reuse the content cache


def tiny_video(path: Path, colour: tuple[int, int, int], text: str) -> None:
    """Three frames of one colour, 64x36, as H.264; `text` makes two scenes' videos differ."""
    import numpy as np

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        shade = sum(text.encode()) % 50
        picture = np.full((36, 64, 3), [min(255, c + shade) for c in colour], dtype=np.uint8)
        for _ in range(3):
            out.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        out.mux(stream.encode())


SLIDE_COLOURS = {"dark": ((200, 40, 40), (40, 200, 40)), "light": ((250, 215, 215), (215, 250, 215))}


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
        suffixes = (".webm", ".mp4", ".png", ".webp", ".vtt", ".chapters.vtt")
        names = [f"{job.scene}-{job.theme}{suffix}" for suffix in suffixes]
        for name in names:
            (out / name).write_text(f"WEBVTT\n\n{name}\n")
        return [out / name for name in names], Clip(job.scene, names, 1.0, *TINY_SIZE[:2], theme=job.theme)

    def slides(job, staging, count):
        files = staging / "slides" / "files" / job.scene
        files.mkdir(parents=True)
        slides = []
        for number, colour in enumerate(SLIDE_COLOURS[job.theme]):
            video = files / f"beat{number}.mp4"
            tiny_video(video, colour, job.scene)
            slides.append({"file": str(video), "rev_file": str(video), "notes": f"{job.scene} beat {number}"})
        record = {"slides": slides, "resolution": TINY_SIZE[:2], "background_color": "black"}
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
        return sorted(fake_processes[before:]), result  # in any order: the heaviest starts first

    assert run()[0] == sorted(SCENES)
    files = lambda: {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}  # noqa: E731
    before = files()
    made, again = run()
    assert made == [] and f"reused (up to date): {', '.join(sorted(SCENES))}" in again.stderr
    assert files() == before  # nothing rewritten
    assert run("--force")[0] == sorted(SCENES)
    with open(root / "lstm_explainer" / "scenes" / "rnn_equations.py", "a") as handle:
        handle.write("\n")
    assert run()[0] == ["RNNEquations"]
    with open(root / "assets" / "rnn_reber.npz", "ab") as handle:
        handle.write(b"\n")
    assert run()[0] == sorted(SCENES)  # heaviest first, so compared in any order
    damaged = out / f"{stem('Opening')}.webm" if command == "embed" else next((out / "slides").glob("*-Opening.json"))
    damaged.write_text("damaged")  # a damaged file is made again
    assert run()[0] == ["Opening"]


def test_two_embeds_into_one_folder_both_reach_the_gallery_even_when_they_overlap(tmp_path, fake_processes, monkeypatch):
    import lstm_explainer.rendering.embed as embedding
    from lstm_explainer.rendering import jobs

    out = tmp_path / "out"
    fake = jobs.start_renders

    def second_embed_meanwhile(job_list, processes, progress=None, publish=None):
        if [job.scene for job in job_list] == ["Opening"]:  # while the first run renders, a second one finishes
            embedding.embed(["RNNEquations"], out)
        yield from fake(job_list, processes, progress, publish)

    monkeypatch.setattr(jobs, "start_renders", second_embed_meanwhile)
    embedding.embed(["Opening"], out)
    clips = json.loads((out / "manifest.json").read_text())["clips"]
    assert sorted(clips) == ["Opening-dark", "RNNEquations-dark"]
    gallery = (out / "index.html").read_text()
    assert 'id="scene-Opening-dark"' in gallery and 'id="scene-RNNEquations-dark"' in gallery
    embedding.embed(["RNNEquations"], out, theme="light")  # the other theme beside them, under its own names
    assert sorted(json.loads((out / "manifest.json").read_text())["clips"]) == [
        "Opening-dark", "RNNEquations-dark", "RNNEquations-light"]
    assert (out / "RNNEquations-light.mp4").is_file() and (out / "RNNEquations-dark.mp4").is_file()


def test_a_clip_whose_files_are_gone_leaves_the_gallery(tmp_path, fake_processes):
    from lstm_explainer.rendering.embed import embed as make_embed

    out = tmp_path / "out"
    make_embed(list(SCENES), out)
    (out / "Opening-dark.mp4").unlink()
    (out / "Opening-dark.webm.key.json").unlink()
    make_embed(["RNNEquations"], out)
    assert list(json.loads((out / "manifest.json").read_text())["clips"]) == ["RNNEquations-dark"]


def test_lecture_without_pptx_needs_no_python_pptx_and_with_it_says_so_in_one_line(tmp_path, fake_processes, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pptx", None)  # as if python-pptx were not installed
    result = CliRunner().invoke(cli, ["lecture", *SCENES, "-o", str(tmp_path / "a"), "--pdf"])
    assert result.exit_code == 0, result.output
    before = len(fake_processes)
    result = CliRunner().invoke(cli, ["lecture", *SCENES, "-o", str(tmp_path / "b"), "--pptx"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        "Error: lecture --pptx needs python-pptx, which is not installed: pip install python-pptx"]
    assert len(fake_processes) == before  # nothing rendered


def test_lecture_without_a_cached_revealjs_or_a_cache_folder_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # no network: pip finds nothing to fetch
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    result = CliRunner().invoke(cli, ["lecture", "Opening", "-o", str(tmp_path / "a")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "make setup" in result.output
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/dev/null")
    result = CliRunner().invoke(cli, ["lecture", "Opening", "-o", str(tmp_path / "b")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "XDG_CACHE_HOME" in result.output and "-o" not in result.output


def test_lecture_pdf_and_pptx_a_handout_with_notes_and_a_widescreen_deck_rewritten_only_on_change(tmp_path, fake_processes):
    import pptx

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["lecture", *SCENES, "-o", str(out), "--pdf", "--pptx"])
    assert result.exit_code == 0, result.output
    assert "%|" not in result.stderr and "Generating" not in result.stderr  # no progress bars off a terminal
    deck = pptx.Presentation(str(out / "lecture.pptx"))
    assert (deck.slide_width, deck.slide_height) == (pptx.util.Inches(40 / 3), pptx.util.Inches(7.5))
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    assert len(notes) == 1 + len(SCENES) * 3  # the title, and per scene its divider and its two beats
    assert [note for note in notes if " beat " in note] == [f"{name} beat {n}" for name in SCENES for n in (0, 1)]
    pdf = (out / "lecture.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2
    before = {name: (out / name).stat().st_mtime_ns for name in ("lecture.pdf", "lecture.pptx")}
    time.sleep(2.1)  # a file written again would carry other dates (a zip entry's to 2 s)
    result = CliRunner().invoke(cli, ["lecture", *SCENES, "-o", str(out), "--pdf", "--pptx"])
    assert result.exit_code == 0, result.output
    assert {name: (out / name).stat().st_mtime_ns for name in before} == before  # unchanged: not rewritten


def test_the_handout_is_light_by_default_from_a_second_render_of_the_slides_and_in_the_decks_theme_on_request(
    tmp_path, fake_processes, monkeypatch
):
    import numpy as np

    from lstm_explainer.rendering import deck

    pictures = []
    real = deck.handout_pages

    def handout_pages(title, scenes):
        pages = real(title, scenes)
        pictures.append([np.asarray(deck.last_frame(video)).mean() for scene in scenes for video, _ in scene.slides])
        return pages

    monkeypatch.setattr(deck, "handout_pages", handout_pages)
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["lecture", *SCENES, "-o", str(out), "--pdf"]).exit_code == 0
    assert sorted(fake_processes) == sorted(SCENES * 2)  # the deck's slides (dark), then the handout's (light)
    assert min(pictures[-1]) > 200  # every picture of the handout is a light slide
    html = (out / "lecture.html").read_text()
    assert "slides-light" not in html and all((out / link).is_file() for link in links(html))
    first = (out / "lecture.pdf").read_bytes()
    result = CliRunner().invoke(cli, ["lecture", *SCENES, "-o", str(out), "--pdf", "--pdf-theme", "dark"])
    assert result.exit_code == 0 and len(fake_processes) == 2 * len(SCENES)  # the deck's own slides: nothing rendered
    assert max(pictures[-1]) < 160 and (out / "lecture.pdf").read_bytes() != first


def test_the_slides_folder_holds_only_what_manim_slides_reads_and_lists_the_scenes_in_story_order(
    tmp_path, fake_processes
):
    from manim_slides.config import PresentationConfig
    from manim_slides.present import _list_scenes

    from lstm_explainer import scenes

    names = ["RNNEquations", "ErrorAtStepOne"]  # story order, not alphabetical
    out = tmp_path / "out"
    (out / "slides").mkdir(parents=True)
    for legacy in ("RNNEquations.json", "RNNEquations.json.key.json"):  # left by an earlier version
        (out / "slides" / legacy).write_text("{}")
    for pdf in ([], ["--pdf"]):
        result = CliRunner().invoke(cli, ["lecture", *reversed(names), "-o", str(out), *pdf])
        assert result.exit_code == 0, result.output
    for folder in (out / "slides", out / "slides-light"):
        records = sorted(path for path in folder.iterdir() if path.is_file())
        assert [path.suffix for path in records] == [".json"] * len(names) and {p.name for p in folder.iterdir()} == {
            *(path.name for path in records), "files"}
        for record in records:
            assert all(slide.file.is_file() for slide in PresentationConfig.from_file(record).slides)
        listed = _list_scenes(folder)  # what `manim-slides list-scenes` prints, and present offers
        assert [name.split("-", 1)[1] for name in listed] == names
        assert [scenes.names().index(name) + 1 for name in names] == [int(name.split("-")[0]) for name in listed]
    assert len(fake_processes) == 2 * len(names)  # the keys, kept outside, still work: the second run made the light only
    command = result.output.strip().splitlines()[-1].split(": ", 1)[1].split()
    assert command[-len(names):] == _list_scenes(out / "slides")


def test_handout_puts_each_slides_notes_under_its_picture(tmp_path):
    import numpy as np

    from lstm_explainer.rendering.deck import PAGE, DeckScene, handout_pages

    videos = []
    for number, colour in enumerate(((220, 30, 30), (30, 30, 220))):
        videos.append(tmp_path / f"{number}.mp4")
        tiny_video(videos[-1], colour, "x")
    deck = [DeckScene("Opening", "A title", "a section", [(videos[0], "First note. " * 12), (videos[1], "Second.")])]
    pages = handout_pages("Lecture", deck)
    assert len(pages) == 1 and pages[0].size == PAGE
    pixels = np.asarray(pages[0], dtype=int)
    rows_red = np.where(((pixels[..., 0] > 150) & (pixels[..., 2] < 100)).any(axis=1))[0]
    rows_blue = np.where(((pixels[..., 2] > 150) & (pixels[..., 0] < 100)).any(axis=1))[0]
    dark_text = np.where((pixels.max(axis=2) < 60).sum(axis=1) > 3)[0]  # black text on white
    text_between = dark_text[(dark_text > rows_red.max()) & (dark_text < rows_blue.min())]
    assert len(text_between) > 40  # the first slide's notes (several lines) sit under its picture
    assert (dark_text > rows_blue.max()).any()  # and the second's under the second


def test_the_presenter_hint_names_the_deck_in_story_order_and_the_extra_qt_needs(tmp_path, monkeypatch):
    import importlib.util
    import shlex

    from lstm_explainer import cli as command_line

    names = ["RNNvsLSTM", "Opening", "ErrorAtStepOne"]  # asked out of order: the hint keeps the story's
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: object())  # as if Qt were installed
    command = shlex.split(command_line.lecture_presenter_hint(tmp_path, names).split(": ", 1)[1])
    assert command[:2] == ["manim-slides", "present"] and str(tmp_path / "slides") in command
    assert [name.split("-", 1)[1] for name in command[-3:]] == ["Opening", "ErrorAtStepOne", "RNNvsLSTM"]
    assert sorted(command[-3:]) == command[-3:]  # the names sort in story order, as manim-slides lists them
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None)  # no Qt bindings at all
    assert "make present-extra" in command_line.lecture_presenter_hint(tmp_path, names)


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("hugo") is None, reason="Hugo is not installed (apt-get install hugo)")
def test_hugo_builds_a_post_with_the_shortcode_into_each_clips_snippet(embedded, tmp_path):
    import shutil
    import subprocess

    folder, _ = embedded
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    shutil.copytree(folder / "hugo" / "layouts" / "shortcodes", site / "layouts" / "shortcodes")
    (site / "config.toml").write_text('title = "t"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    (site / "layouts" / "_default" / "single.html").write_text("<body>{{ .Content }}</body>")
    (site / "layouts" / "_default" / "list.html").write_text("<body></body>")
    calls = "\n\n".join(f'{{{{< lstm-explainer "{stem(scene)}" >}}}}' for scene in SCENES)
    (site / "content" / "posts" / "lstm.md").write_text(f"---\ntitle: LSTMs\n---\nText.\n\n{calls}\n")
    subprocess.run(["hugo", "--quiet", "--source", str(site)], check=True, capture_output=True)
    page = (site / "public" / "posts" / "lstm" / "index.html").read_text()
    for scene in SCENES:
        assert (folder / f"{stem(scene)}.html").read_text().strip() in page
    (site / "content" / "posts" / "lstm.md").write_text('---\ntitle: LSTMs\n---\n{{< lstm-explainer "Nope" >}}\n')
    failed = subprocess.run(["hugo", "--source", str(site)], capture_output=True, text=True)
    assert failed.returncode != 0
    assert f'no clip "Nope" here (there are: {stem(SCENES[0])}' in failed.stdout + failed.stderr


@pytest.mark.slow
@pytest.mark.skipif(__import__("importlib.util").util.find_spec("liquid") is None, reason="python-liquid is not installed")
def test_the_jekyll_include_renders_each_clips_snippet_in_liquid(embedded):
    from liquid import CachingFileSystemLoader, Environment

    folder, _ = embedded
    environment = Environment(loader=CachingFileSystemLoader(str(folder / "jekyll" / "_includes")))
    page = environment.from_string('{% assign include = params %}{% include "lstm-explainer.html" %}')  # as Jekyll's
    for scene in SCENES:
        assert page.render(params={"clip": stem(scene)}).strip() == (folder / f"{stem(scene)}.html").read_text().strip()
    assert "no clip “Nope” here" in page.render(params={"clip": "Nope"})


def test_a_slides_job_with_its_key_folder_survives_the_trip_through_json(tmp_path):
    import json

    from lstm_explainer.rendering.cluster import job_from_record, job_record
    from lstm_explainer.rendering.lecture import slides_job

    job = slides_job("RNNEquations", tmp_path, "l", "light", {}, folder=tmp_path / "slides-light")
    assert job.key_dir is not None and job.key_dir != job.target.parent
    assert job_from_record(json.loads(json.dumps(job_record(job)))) == job


def test_the_readme_gives_the_presenter_command_of_the_whole_film_in_story_order():
    from lstm_explainer import scenes
    from lstm_explainer.rendering.lecture import present_command

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f".venv/bin/{present_command(Path('lecture/slides'), scenes.names())}\n" in readme
