"""lstm-explainer's command line: list the scenes, render videos and the post's stills, manage the model.

    python render.py list
    python render.py render RNNEquations -q l
    python render.py stills -o stills --theme light
    python render.py values ErrorAtStepOne --format md
    python render.py model check
"""

from __future__ import annotations

from pathlib import Path

import click

import scenes
from model import ASSETS
from rendering.jobs import FORMATS, QUALITY_PRESETS, RenderJob, combine, run_jobs
from rendering.stills import render_stills
from rendering.values import FORMATS as VALUE_FORMATS
from scenes.theme import PALETTES

WHOLE_EXPLAINER = "lstm-explainer"


def resolve_scenes(names: tuple[str, ...]) -> list[str]:
    """Class names for the given scene names or ids (all scenes when none are given)."""
    if not names:
        return scenes.names()
    resolved = []
    for name in names:
        try:
            resolved.append(scenes.by_name(name).__name__)
        except KeyError:
            valid = ", ".join(f"{s.__name__} ({s.scene_id})" for s in scenes.in_story_order())
            raise click.BadParameter(f"unknown scene {name!r}; valid names: {valid}", param_hint="SCENE")
    return resolved


def prepare_output(folder: Path) -> Path:
    """Create the output folder up front, so an unusable one is a usage error before any rendering."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.BadParameter(f"cannot create {folder}: {error.strerror}; choose another folder", param_hint="--output")
    return folder


def check_reber_string(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Reject a --string that the Reber grammar does not generate, before anything is rendered."""
    if value is None:
        return None
    from model import reber

    try:
        reber.check_string(value)
    except ValueError as error:
        raise click.BadParameter(str(error))
    return value


def check_string_fits(names: list[str], reber_string: str | None) -> None:
    """A --string longer than a scene can show is a usage error naming the longest that scene allows."""
    if reber_string is None:
        return
    from scenes.lstm_values import too_long

    for name in names:
        problem = too_long(scenes.by_name(name), reber_string)
        if problem:
            raise click.BadParameter(problem, param_hint="--string")


string_option = click.option(
    "--string",
    "reber_string",
    metavar="S",
    callback=check_reber_string,
    help="Reber string the scenes feed the network (default: the one every scene shares).",
)
theme_option = click.option(
    "--theme", type=click.Choice(list(PALETTES)), default="dark", show_default=True, help="Colour theme."
)


def output_option(default: Path, help: str):
    return click.option(
        "-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=default, show_default=True, help=help
    )


jobs_option = click.option(
    "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Scenes rendered in parallel processes."
)


@click.group()
@click.version_option(package_name="lstm-explainer")
def cli() -> None:
    """Animated explanation of vanishing gradients in RNNs and how the LSTM keeps them."""


@cli.command("list")
def list_scenes() -> None:
    """Print every scene in story order: id, class, title, the post's section, length."""
    rows = [("#", "id", "scene", "title", "post section", "length")]
    for number, scene in enumerate(scenes.in_story_order(), start=1):
        rows.append(
            (str(number), scene.scene_id, scene.__name__, scene.title, scene.section, f"~{scene.approx_seconds:.0f} s")
        )
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@cli.command()
@click.argument("scene_names", metavar="[SCENE]...", nargs=-1)
@click.option(
    "-q",
    "--quality",
    type=click.Choice(list(QUALITY_PRESETS)),
    default="l",
    show_default=True,
    help="manim's presets: l 480p15, m 720p30, h 1080p60, p 1440p60, k 2160p60.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="mp4", show_default=True, help="Video format.")
@click.option("-t", "--transparent", is_flag=True, help="Transparent background (mov, webm or gif).")
@output_option(Path("media"), "Folder for the results, as DIR/<quality>/<Scene>.<ext>.")
@jobs_option
@click.option("-s", "--last-frame", is_flag=True, help="Write the last frame as PNG instead of a video.")
@click.option(
    "--combine",
    "combine_videos",
    is_flag=True,
    help=f"Also join the videos, in the given order, into DIR/<quality>/{WHOLE_EXPLAINER}.<ext>.",
)
@string_option
@theme_option
def render(scene_names, quality, fmt, transparent, output, jobs, last_frame, combine_videos, reber_string, theme) -> None:
    """Render SCENE... (class names or ids, any case; none = every scene in story order)."""
    names = resolve_scenes(scene_names)
    check_string_fits(names, reber_string)
    if combine_videos and (last_frame or fmt == "gif"):
        raise click.UsageError("--combine joins videos: it cannot be used with --last-frame or --format gif")
    prepare_output(output)
    render_jobs = [
        RenderJob(
            scene=name,
            out_dir=output,
            quality=quality,
            format=fmt,
            transparent=transparent,
            last_frame=last_frame,
            reber_string=reber_string,
            theme=theme,
        )
        for name in names
    ]
    paths = run_jobs(render_jobs, jobs)
    if combine_videos:
        paths.append(combine(paths, paths[0].with_name(f"{WHOLE_EXPLAINER}{paths[0].suffix}")))
    for path in paths:
        click.echo(str(path))


@cli.command()
@output_option(Path("stills"), "Folder for the figures.")
@string_option
@theme_option
@jobs_option
def stills(output, reber_string, theme, jobs) -> None:
    """Render the post's figures as PNG under the post's own file names."""
    names = [scene.__name__ for scene in scenes.in_story_order() if scene.stills]
    check_string_fits(names, reber_string)
    prepare_output(output)
    for path in render_stills(names, output, theme=theme, reber_string=reber_string, processes=jobs):
        click.echo(str(path))


scenes_argument = click.argument("scene_names", metavar="[SCENE]...", nargs=-1)
web_quality_option = click.option(
    "-q", "--quality", type=click.Choice(list(QUALITY_PRESETS)), default="m", show_default=True,
    help="manim's presets: l 480p15, m 720p30, h 1080p60, p 1440p60, k 2160p60.",
)


def human_size(size: int) -> str:
    return f"{size / 1e6:.2f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"


def print_sizes(paths: list[Path]) -> None:
    """Each file with its size, the total per kind of file, and the total."""
    totals: dict[str, int] = {}
    for path in paths:
        size = path.stat().st_size
        totals[path.suffix] = totals.get(path.suffix, 0) + size
        click.echo(f"{human_size(size):>10}  {path}")
    click.echo("  ".join(f"{suffix}: {human_size(size)}" for suffix, size in sorted(totals.items())))
    click.echo(f"total: {human_size(sum(totals.values()))}")


@cli.command()
@scenes_argument
@web_quality_option
@output_option(Path("embed"), "Folder for the clips, posters, captions, snippets and index.html.")
@theme_option
@jobs_option
def embed(scene_names, quality, output, theme, jobs) -> None:
    """Web clips for a blog post: WebM + MP4, poster, captions, HTML snippet, and an offline gallery."""
    from rendering.embed import embed as make_embed

    names = resolve_scenes(scene_names)
    prepare_output(output)
    print_sizes(make_embed(names, output, quality=quality, theme=theme, processes=jobs))
    click.echo(f"open {output / 'index.html'} in a browser to see every clip with its snippet")


@cli.command()
@scenes_argument
@web_quality_option
@output_option(Path("lecture"), "Folder for lecture.html and its files (and lecture.pptx, lecture.pdf).")
@click.option("--pptx", is_flag=True, help="Also write lecture.pptx (PowerPoint, the videos inside).")
@click.option("--pdf", is_flag=True, help="Also write lecture.pdf (one still per slide).")
@theme_option
@jobs_option
def lecture(scene_names, quality, output, pptx, pdf, theme, jobs) -> None:
    """The scenes as one offline slide deck: a slide per beat, its caption as speaker notes."""
    from rendering.lecture import make_lecture

    names = resolve_scenes(scene_names)
    prepare_output(output)
    paths = make_lecture(names, output, quality=quality, theme=theme, pptx=pptx, pdf=pdf, processes=jobs)
    for path in paths:
        click.echo(str(path))
    click.echo(f"open {paths[0]} in a browser; arrow keys move between slides, S opens the speaker notes")


@cli.command()
@click.argument("scene_names", metavar="[SCENE]...", nargs=-1)
@click.option(
    "--string",
    "reber_strings",
    metavar="S",
    multiple=True,
    callback=lambda ctx, param, value: tuple(check_reber_string(ctx, param, s) for s in value),
    help="Reber string the scenes feed the network; repeat for several (default: the one every scene shares).",
)
@click.option("--format", "fmt", type=click.Choice(VALUE_FORMATS), default="json", show_default=True,
              help="JSON lines, or a Markdown table to paste under a clip.")
@jobs_option
def values(scene_names, reber_strings, fmt, jobs) -> None:
    """Print every number SCENE... shows (none = every scene), in story order, without rendering video."""
    from rendering.values import as_json_lines, as_markdown, collect

    rows = collect(resolve_scenes(scene_names), reber_strings or (None,), processes=jobs)
    click.echo(as_json_lines(rows) if fmt == "json" else as_markdown(rows))


@cli.group()
def model() -> None:
    """Train the shipped weights again, or check them."""


@model.command()
@click.option("--seed", type=int, default=None, help="Training seed (default: the one the shipped weights used).")
@click.option(
    "--embedded/--no-embedded",
    default=True,
    show_default=True,
    help="Also train the LSTM and RNN on embedded Reber strings.",
)
@output_option(ASSETS, "Folder for the .npz weights and their .json records.")
def train(seed, embedded, output) -> None:
    """Train the shipped models deterministically from SEED and save them, each file atomically."""
    from model import train as training

    kwargs = {} if seed is None else {"seed": seed}
    for name, info in training.train_and_save(output, embedded=embedded, **kwargs).items():
        click.echo(f"{output / name}.npz  test accuracy {info['test_accuracy']:.1%}")


@model.command()
@click.argument(
    "weights",
    type=click.Path(dir_okay=False, path_type=Path),
    default=ASSETS / "rnn_reber.npz",
)
def check(weights) -> None:
    """Print accuracy on fresh strings, U's largest singular value and spectral radius, per-lag gradient norms."""
    from model import train as training

    try:
        click.echo(training.check_report(weights))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="WEIGHTS")


if __name__ == "__main__":
    cli()
