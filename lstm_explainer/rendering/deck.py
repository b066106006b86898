"""What a lecture is made of once its scenes' slides exist: the reveal.js deck, the PDF handout, the PowerPoint.

The deck behaves like any reveal.js presentation: Space and the arrow keys go to the
next slide, R plays, pauses or replays the slide's animation (the help, on ?, lists every key),
the slide is in the address (a reload stays on it), and slide numbers and a progress
bar show where the talk is. It opens with a title slide and gives every scene a divider;
each beat is one slide whose video plays when it opens, its caption the speaker notes.

Only the standard library, Pillow and PyAV are needed here: python-pptx is imported for
the PowerPoint alone, so a deck needs nothing it does not use.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from string import Template

ASSETS = "lecture_assets"
# Space goes to the next slide, as in every reveal.js deck; this key plays, pauses or replays (reveal.js leaves it free)
PLAY_PAUSE_KEY = "R"
# The strip along the bottom of the screen, under every slide's picture, for the slide number, arrows and progress bar
STRIP = 48
# A handout page: A4 portrait at 150 dpi, two slides, each its picture with its notes under it.
PAGE = (1240, 1754)
PAGE_DPI = 150
PAGE_MARGIN = 90
SLIDES_PER_PAGE = 2
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
# PowerPoint's widescreen slide, 13.33 x 7.5 inches, in its units (914400 a inch)
PPTX_SIZE = (12192000, 6858000)


@dataclass(frozen=True)
class DeckScene:
    """One scene of the deck: what its divider says, and its slides (video file, speaker notes) in order."""

    name: str
    title: str
    section: str
    slides: list[tuple[Path, str]]


def deck_scenes(scene_names: list[str], configs: list) -> list[DeckScene]:
    """The deck's scenes from manim-slides' records (PresentationConfig) of the named scenes."""
    from lstm_explainer import scenes

    found = []
    for name, config in zip(scene_names, configs):
        scene = scenes.by_name(name)
        found.append(DeckScene(name, scene.title, scene.section, [(Path(s.file), s.notes) for s in config.slides]))
    return found


def asset_name(scene: DeckScene, number: int, video: Path) -> str:
    return f"{scene.name}_{number:03d}{video.suffix}"


def template(name: str) -> Template:
    return Template(resources.files("lstm_explainer.rendering").joinpath("templates", name).read_text(encoding="utf-8"))


def deck_html(title: str, deck: list[DeckScene], bundle: str, theme: str, background: str) -> str:
    """lecture.html: a title slide, then per scene a divider and one slide per beat (videos in lecture_assets/)."""
    count = sum(len(scene.slides) for scene in deck)
    esc = html.escape
    keys = f"Space or → next slide · ← back · {PLAY_PAUSE_KEY} play / pause · S speaker view · ? every key"
    sections = [
        '<section class="title-slide">'
        f"<h1>{esc(title)}</h1>"
        f'<p class="meta">{len(deck)} scenes, {count} beats, a slide each</p>'
        f'<p class="keys">{esc(keys)}</p>'
        f'<aside class="notes">{esc(title)}. {len(deck)} scenes; each slide is one beat of the film.</aside>'
        "</section>"
    ]
    for number, scene in enumerate(deck, start=1):
        sections.append(
            '<section class="divider">'
            f'<p class="kicker">Scene {number} of {len(deck)}</p>'
            f"<h2>{esc(scene.title)}</h2>"
            f'<p class="meta">{esc(scene.section[:1].upper() + scene.section[1:])}</p>'
            f'<aside class="notes">Scene {number}: {esc(scene.title)} ({len(scene.slides)} slides).</aside>'
            "</section>"
        )
        for slide, (video, notes) in enumerate(scene.slides, start=1):
            sections.append(
                f'<section data-background-color="{esc(background)}" data-background-size="contain" '
                f'data-background-video="{ASSETS}/{esc(asset_name(scene, slide, video))}" data-background-video-muted>'
                f'<aside class="notes">{esc(notes)}</aside>'
                "</section>"
            )
    return template("lecture.html").substitute(
        title=esc(title),
        bundle=esc(bundle),
        reveal_theme="black" if theme == "dark" else "white",
        background=esc(background),
        slides="\n".join(sections),
        key=PLAY_PAUSE_KEY,
        key_code=ord(PLAY_PAUSE_KEY),
        strip=STRIP,
    )


def copy_assets(deck: list[DeckScene], folder: Path) -> None:
    """Each slide's video into `folder` under its deck name (hard links where the file system allows)."""
    import os
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for scene in deck:
        for number, (video, _) in enumerate(scene.slides, start=1):
            target = folder / asset_name(scene, number, video)
            try:
                os.link(video, target)
            except OSError:
                shutil.copyfile(video, target)


def last_frame(video: Path):
    """The last frame of a slide's video (what the slide shows when it has played), as a PIL image."""
    import av

    frame = None
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            pass
    if frame is None:
        raise ValueError(f"{video} has no frames")
    return frame.to_image()


def wrapped(draw, text: str, font, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def handout_pages(title: str, deck: list[DeckScene]) -> list:
    """The handout's pages (PIL images): white paper, two slides a page, each its picture with its notes under it."""
    from PIL import Image, ImageDraw, ImageFont

    body, bold, small = ImageFont.truetype(FONT, 28), ImageFont.truetype(BOLD_FONT, 30), ImageFont.truetype(FONT, 22)
    inner = PAGE[0] - 2 * PAGE_MARGIN
    slot = (PAGE[1] - 2 * PAGE_MARGIN - 40) // SLIDES_PER_PAGE
    slides = [(index, scene, number, video, notes)
              for index, scene in enumerate(deck, start=1)
              for number, (video, notes) in enumerate(scene.slides, start=1)]  # fmt: skip
    count = -(-len(slides) // SLIDES_PER_PAGE)
    pages = []
    for first in range(0, len(slides), SLIDES_PER_PAGE):
        page = Image.new("RGB", PAGE, "white")
        draw = ImageDraw.Draw(page)
        for place, (index, scene, number, video, notes) in enumerate(slides[first:first + SLIDES_PER_PAGE]):
            y = PAGE_MARGIN + place * slot
            heading = f"{index}. {scene.title}  ·  slide {number} of {len(scene.slides)}"
            draw.text((PAGE_MARGIN, y), heading, font=bold, fill="black")
            y += 50
            picture = last_frame(video)
            width = round(inner * 0.86)
            height = round(picture.height * width / picture.width)
            page.paste(picture.resize((width, height), Image.Resampling.LANCZOS), (PAGE_MARGIN, y))
            draw.rectangle((PAGE_MARGIN, y, PAGE_MARGIN + width - 1, y + height - 1), outline="#888888")
            y += height + 24
            for line in wrapped(draw, notes, body, inner):
                draw.text((PAGE_MARGIN, y), line, font=body, fill="black")
                y += 40
        footer = f"{title}  ·  page {first // SLIDES_PER_PAGE + 1} of {count}"
        draw.text((PAGE_MARGIN, PAGE[1] - PAGE_MARGIN), footer, font=small, fill="#555555")
        pages.append(page)
    return pages


def write_handout(title: str, deck: list[DeckScene], dest: Path, made: datetime) -> None:
    """The PDF handout at `dest`. Its dates are `made` (when its slides were made), so the same slides give the
    same bytes and an unchanged lecture rewrites nothing."""
    pages = handout_pages(title, deck)
    stamp = made.astimezone(timezone.utc).timetuple()
    pages[0].save(dest, "PDF", resolution=PAGE_DPI, save_all=True, append_images=pages[1:],
                  title=title, creationDate=stamp, modDate=stamp)


def require_pptx() -> None:
    """One line naming the package when python-pptx, which only --pptx needs, is not installed."""
    from lstm_explainer.rendering.errors import RenderFailure

    try:
        import pptx  # noqa: F401
    except ImportError:
        raise RenderFailure("lecture --pptx needs python-pptx, which is not installed: pip install python-pptx") from None


def write_pptx(title: str, deck: list[DeckScene], dest: Path, posters: Path, made: datetime) -> None:
    """lecture.pptx at PowerPoint's widescreen 13.33 x 7.5 in: a title slide, a divider per scene, and a slide
    per beat whose video fills it (its last frame the poster), the caption in the speaker notes. Its dates, inside
    and on its zip entries, are `made` (when its slides were made), so an unchanged lecture rewrites nothing."""
    require_pptx()
    import zipfile

    import pptx
    from pptx.util import Emu, Pt

    presentation = pptx.Presentation()
    presentation.core_properties.created = presentation.core_properties.modified = made.replace(tzinfo=None)
    presentation.slide_width, presentation.slide_height = Emu(PPTX_SIZE[0]), Emu(PPTX_SIZE[1])
    blank = presentation.slide_layouts[6]
    width, height = PPTX_SIZE

    def text_slide(lines: list[tuple[str, int, bool]], notes: str):
        slide = presentation.slides.add_slide(blank)
        box = slide.shapes.add_textbox(Emu(width // 12), Emu(height // 3), Emu(width * 10 // 12), Emu(height // 3))
        frame = box.text_frame
        frame.word_wrap = True
        for n, (text, size, bold) in enumerate(lines):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.text, paragraph.font.size, paragraph.font.bold = text, Pt(size), bold
        slide.notes_slide.notes_text_frame.text = notes

    text_slide([(title, 40, True), (f"{len(deck)} scenes", 24, False)], title)
    posters.mkdir(parents=True, exist_ok=True)
    for index, scene in enumerate(deck, start=1):
        text_slide([(f"Scene {index} of {len(deck)}", 20, False), (scene.title, 40, True)], scene.title)
        for number, (video, notes) in enumerate(scene.slides, start=1):
            poster = posters / f"{scene.name}_{number:03d}.png"
            last_frame(video).save(poster)
            slide = presentation.slides.add_slide(blank)
            slide.shapes.add_movie(str(video), 0, 0, Emu(width), Emu(height), poster_frame_image=str(poster),
                                   mime_type="video/mp4")
            slide.notes_slide.notes_text_frame.text = notes
    presentation.save(dest)
    stamp = made.astimezone(timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(dest) as saved:  # python-pptx stamps each entry with the time it was written
        entries = [(entry, saved.read(entry)) for entry in saved.infolist()]
    with zipfile.ZipFile(dest, "w") as out:
        for entry, data in entries:
            entry.date_time = stamp
            out.writestr(entry, data)


def slides_made(records: list[Path]) -> datetime:
    """When the newest of the scenes' slide records was written."""
    newest = max(record.stat().st_mtime for record in records)
    return datetime.fromtimestamp(int(newest), tz=timezone.utc)

