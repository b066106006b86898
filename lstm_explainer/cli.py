"""lstm-explainer's command line: list the scenes, render videos and the post's stills, manage the model.

    python render.py list
    python render.py render RNNEquations -q l
    python render.py stills -o stills --theme light
    python render.py values ErrorAtStepOne --format md
    python render.py model check
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from lstm_explainer import scenes
from lstm_explainer.model import ASSETS
from lstm_explainer.rendering.cache import catalog_entry, scene_catalog
from lstm_explainer.rendering.errors import Interrupted, check_weights, describe
from lstm_explainer.rendering.jobs import FORMATS, QUALITY_PRESETS, SUBTITLES, Progress, RenderJob, combine, run_jobs
from lstm_explainer.rendering.stills import render_stills
from lstm_explainer.rendering.values import FORMATS as VALUE_FORMATS
from lstm_explainer.scenes.theme import PALETTES

WHOLE_EXPLAINER = "lstm-explainer"
SHOWN_STRING_LENGTH = 40  # a longer --string is cut when echoed back


class ExplainerCli(click.Group):
    """The command group, with one place that turns failures into one line and an exit status.

    Usage errors exit 2 (click's own), runtime failures 1, a signal 128 + its
    number (130 for Ctrl-C, 143 for SIGTERM). A failure this module recognises
    prints one line and no traceback; `--debug` prints the traceback too. Anything
    else is a bug and keeps its traceback.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Interrupted as stop:
            click.echo("interrupted: nothing more was written", err=True)
            ctx.exit(128 + stop.signum)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing more was written", err=True)
            ctx.exit(130)
        except Exception as error:
            line = describe(error)
            if line is None:
                raise  # a bug: its traceback is the report
            if getattr(error, "bug", False) or ctx.params.get("debug"):
                click.echo((getattr(error, "detail", None) or traceback.format_exc()).rstrip(), err=True)
            raise click.ClickException(line) from None


def shown(value: str) -> str:
    """`value` safe to echo into a terminal: quoted, control characters escaped, cut when long."""
    cut = value if len(value) <= SHOWN_STRING_LENGTH else value[:SHOWN_STRING_LENGTH] + "..."
    quoted = repr(cut)
    return quoted if len(value) <= SHOWN_STRING_LENGTH else f"{quoted} ({len(value)} characters)"


def resolve_scenes(names: tuple[str, ...]) -> list[str]:
    """Class names for the given scene names or ids (all scenes when none are given)."""
    if not names:
        return scenes.names()
    resolved = []
    for name in names:
        try:
            resolved.append(catalog_entry(name)["name"])  # no import of the scenes (and manim) when unchanged
        except KeyError:
            valid = ", ".join(f"{s['name']} ({s['scene_id']})" for s in scene_catalog())
            raise click.BadParameter(f"unknown scene {name!r}; valid names: {valid}", param_hint="SCENE")
    return resolved


scenes_argument = click.argument("scene_names", metavar="[SCENE]...", nargs=-1)


def prepare_output(folder: Path) -> Path:
    """Create the output folder up front, so an unusable one is a usage error before any rendering."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.BadParameter(f"cannot create {folder}: {error.strerror}; choose another folder", param_hint="--output")
    try:
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as error:
        raise click.BadParameter(f"cannot write into {folder}: {error.strerror}; choose another folder", param_hint="--output")
    return folder


@contextmanager
def output_folder(folder: Path) -> Iterator[Path]:
    """`folder`, ready to be written; removed again if this command created it and then failed before using it."""
    existed = folder.exists()
    prepare_output(folder)
    try:
        yield folder
    except BaseException:
        if not existed:
            try:
                folder.rmdir()
            except OSError:
                pass  # it holds finished files
        raise


def check_scene_weights() -> None:
    """One line (exit 1) before any rendering when the weights the scenes read are unusable."""
    from lstm_explainer.model import reber
    from lstm_explainer.scenes import story

    check_weights(Path(story.RNN_WEIGHTS), len(reber.SYMBOLS))


def check_string_length(reber_string: str | None, names: list[str]) -> None:
    """A usage error when `reber_string` is longer than one of the chosen scenes can show."""
    if reber_string is None:
        return
    for name in names:
        longest = catalog_entry(name)["max_string_length"]
        if longest is not None and len(reber_string) > longest:
            raise click.BadParameter(
                f"{shown(reber_string)} has {len(reber_string)} symbols; {name} shows at most {longest}",
                param_hint="'--string'",
            )


def report_reused(scene_names: list[str]) -> None:
    """Say on stderr which scenes were not rendered again (stdout carries only the results' paths)."""
    if scene_names:
        click.echo(f"reused (up to date): {', '.join(sorted(set(scene_names)))}; --force renders them again", err=True)


force_option = click.option("--force", is_flag=True, help="Render even the scenes whose files are up to date.")


def progress_for(jobs: list[RenderJob]) -> Progress | None:
    """A progress display when stderr is a terminal, else None (quiet)."""
    return Progress(jobs) if sys.stderr.isatty() else None


def run_with_progress(jobs: list[RenderJob], processes: int | None, force: bool = False):
    """Render (or reuse) `jobs`, the weights checked first when anything is to be rendered."""
    progress = progress_for(jobs)
    if progress is None:
        return run_jobs(jobs, processes, force=force, preflight=check_scene_weights)
    with progress:
        return run_jobs(jobs, processes, force=force, progress=progress, preflight=check_scene_weights)


def check_reber_string(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Reject a --string that the Reber grammar does not generate, before anything is rendered."""
    if value is None:
        return None
    from lstm_explainer.model import reber

    try:
        reber.check_string(value)
    except ValueError as error:
        message = str(error)
        if len(value) > SHOWN_STRING_LENGTH or not value.isprintable():
            message = message.replace(f"'{value}'", shown(value)).replace(value, shown(value))
            message = message if message.isprintable() else "".join(c if c.isprintable() else "?" for c in message)
        raise click.BadParameter(message)
    return value


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


def check_not_empty(ctx: click.Context, param: click.Parameter, value: str | Path | None) -> Path | None:
    """An empty -o would write into the current folder unasked."""
    if value is None or isinstance(value, Path):
        return value
    if value.strip() == "":
        raise click.BadParameter("is empty; give a folder (e.g. -o media)")
    return Path(value)


def output_option(default: Path, help: str):
    return click.option(
        "-o",
        "--output",
        type=click.Path(file_okay=False),
        default=default,
        show_default=True,
        callback=check_not_empty,
        help=help,
    )


jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Scenes rendered in parallel processes [default: the number of cores, at most one per scene].",
)


@click.group(cls=ExplainerCli)
@click.version_option(package_name="lstm-explainer")
@click.option("--debug", is_flag=True, help="Show the traceback of a failure as well as its one-line message.")
def cli(debug: bool) -> None:
    """Animated explanation of vanishing gradients in RNNs and how the LSTM keeps them."""


@cli.command("list")
def list_scenes() -> None:
    """Print every scene in story order: id, class, title, the post's section, length; then the film's length."""
    rows = [("#", "id", "scene", "title", "post section", "length")]
    story = scenes.in_story_order()
    for number, scene in enumerate(story, start=1):
        rows.append(
            (str(number), scene.scene_id, scene.__name__, scene.title, scene.section, f"~{scene.approx_seconds:.0f} s")
        )
    total = round(sum(scene.approx_seconds for scene in story))
    rows.append(("", "", "", "the whole film", "", f"~{total} s ({total // 60} min {total % 60:02d} s)"))
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@cli.command()
@scenes_argument
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
@click.option(
    "--subtitles",
    type=click.Choice(SUBTITLES),
    default="srt",
    show_default=True,
    help="The beats' captions: srt, an .srt beside each video; burn, also drawn into the picture at the bottom; none.",
)
@force_option
def render(
    scene_names, quality, fmt, transparent, output, jobs, last_frame, combine_videos, reber_string, theme, subtitles, force
) -> None:
    """Render SCENE... (class names or ids, any case; none = every scene in story order).

    A scene whose file was made from the same sources, weights, options and
    versions is reused, not rendered again (--force renders it anyway); stdout
    lists the results' paths, stderr says which were reused.
    """
    names = resolve_scenes(scene_names)
    if combine_videos and (last_frame or fmt == "gif"):
        raise click.UsageError("--combine joins videos: it cannot be used with --last-frame or --format gif")
    check_string_length(reber_string, names)
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
            subtitles=subtitles,
        )
        for name in names
    ]
    with output_folder(output):
        outcomes = run_with_progress(render_jobs, jobs, force)
    report_reused([outcome.job.scene for outcome in outcomes if outcome.reused])
    paths = [outcome.path for outcome in outcomes]
    if combine_videos:
        paths.append(combine(paths, paths[0].with_name(f"{WHOLE_EXPLAINER}{paths[0].suffix}")))
    for path in paths:
        click.echo(str(path))


@cli.command()
@scenes_argument
@output_option(Path("stills"), "Folder for the figures.")
@string_option
@theme_option
@jobs_option
@force_option
def stills(scene_names, output, reber_string, theme, jobs, force) -> None:
    """Render the post's figures as PNG under the post's own file names: those of the named scenes (class
    names or ids), or all of them.

    A scene whose figures are up to date is reused (--force renders it anyway).
    """
    with_figures = [scene.__name__ for scene in scenes.in_story_order() if scene.stills]
    requested = resolve_scenes(scene_names)
    without = [name for name in requested if name not in with_figures]
    if scene_names and without:
        raise click.BadParameter(f"{', '.join(without)} makes none of the post's figures; these do: {', '.join(with_figures)}",
                                 param_hint="SCENE")
    names = [name for name in requested if name in with_figures]
    check_string_length(reber_string, names)
    check_scene_weights()
    from lstm_explainer.rendering.stills import still_jobs

    progress = progress_for(still_jobs(names, output))
    with output_folder(output):
        if progress is None:
            outcomes = render_stills(names, output, theme, reber_string, processes=jobs, force=force)
        else:
            with progress:
                outcomes = render_stills(names, output, theme, reber_string, jobs, progress, force)
    report_reused([outcome.job.scene for outcome in outcomes if outcome.reused])
    for outcome in outcomes:
        for path in outcome.paths:
            click.echo(str(path))


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
@force_option
def embed(scene_names, quality, output, theme, jobs, force) -> None:
    """Web clips for a blog post: WebM + MP4, poster, captions, HTML snippet, and an offline gallery.

    A scene whose clip is up to date is reused (--force renders it anyway).
    """
    from lstm_explainer.rendering.embed import embed as make_embed

    names = resolve_scenes(scene_names)
    prepare_output(output)
    paths, reused = make_embed(names, output, quality=quality, theme=theme, processes=jobs, force=force)
    report_reused(reused)
    print_sizes(paths)
    click.echo(f"open {output / 'index.html'} in a browser to see every clip with its snippet")


@cli.command()
@scenes_argument
@web_quality_option
@output_option(Path("lecture"), "Folder for lecture.html and its files (and lecture.pptx, lecture.pdf).")
@click.option("--pptx", is_flag=True, help="Also write lecture.pptx (PowerPoint, the videos inside).")
@click.option("--pdf", is_flag=True, help="Also write lecture.pdf (one still per slide).")
@theme_option
@jobs_option
@force_option
def lecture(scene_names, quality, output, pptx, pdf, theme, jobs, force) -> None:
    """The scenes as one offline slide deck: a slide per beat, its caption as speaker notes.

    A scene whose slides are up to date is reused (--force renders it anyway).
    """
    from lstm_explainer.rendering.lecture import make_lecture

    names = resolve_scenes(scene_names)
    prepare_output(output)
    paths, reused = make_lecture(
        names, output, quality=quality, theme=theme, pptx=pptx, pdf=pdf, processes=jobs, force=force
    )
    report_reused(reused)
    for path in paths:
        click.echo(str(path))
    click.echo(f"open {paths[0]} in a browser; arrow keys move between slides, S opens the speaker notes")


@cli.command()
@scenes_argument
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
    from lstm_explainer.rendering.values import as_json_lines, as_markdown, collect

    rows = collect(resolve_scenes(scene_names), reber_strings or (None,), processes=jobs)
    click.echo(as_json_lines(rows) if fmt == "json" else as_markdown(rows))


@cli.group()
def model() -> None:
    """Train the shipped weights again, or check them."""


@model.command()
@click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    default=None,
    help="Training seed, 0 to 2**32-1 (default: the one the shipped weights used).",
)
@click.option(
    "--embedded/--no-embedded",
    default=True,
    show_default=True,
    help="Also train the LSTM and RNN on embedded Reber strings.",
)
@output_option(ASSETS, "Folder for the .npz weights and their .json records.")
def train(seed, embedded, output) -> None:
    """Train the shipped models deterministically from SEED and save them, each file atomically."""
    from lstm_explainer.model import train as training

    prepare_output(output)  # before training, not after minutes of it
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
    import json

    from lstm_explainer.model import train as training

    record = weights.with_suffix(".json")
    if record.is_file():
        try:
            parsed = json.loads(record.read_text())
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise click.ClickException(f"cannot read the record {record}: {error}; delete it or train again")
        if not isinstance(parsed, dict):
            raise click.ClickException(
                f"the record {record} holds a JSON {type(parsed).__name__}, not an object; delete it or train again"
            )
    try:
        click.echo(training.check_report(weights))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="WEIGHTS")


def main() -> None:
    """The command line; an interrupted render leaves at once (the interpreter's teardown takes seconds)."""
    try:
        cli()
    except SystemExit as done:
        if done.code in (128 + signal.SIGINT, 128 + signal.SIGTERM):
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(done.code)
        raise


if __name__ == "__main__":
    main()
