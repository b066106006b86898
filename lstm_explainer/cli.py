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
from lstm_explainer.rendering.errors import Interrupted, describe
from lstm_explainer.rendering.jobs import FORMATS, SUBTITLES, RenderJob, run_jobs
from lstm_explainer.rendering.quality import QUALITY_PRESETS
from lstm_explainer.rendering.stills import render_stills
from lstm_explainer.rendering.workers import install_signal_handlers, progress_for
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
        except BrokenPipeError:
            quiet_stdout()  # the reader has gone (`| head`): end quietly, as a program killed by SIGPIPE
            ctx.exit(128 + signal.SIGPIPE)
        except Exception as error:
            line = describe(error)
            if line is None:
                raise  # a bug: its traceback is the report
            if getattr(error, "bug", False) or ctx.params.get("debug"):
                click.echo((getattr(error, "detail", None) or traceback.format_exc()).rstrip(), err=True)
            raise click.ClickException(line) from None


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so nothing more (not even the interpreter's last flush) fails on a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


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


def with_progress(jobs: list[RenderJob], run):
    """`run(progress)`, with a progress display over `jobs` when stderr is a terminal (else progress None)."""
    progress = progress_for(jobs)
    if progress is None:
        return run(None)
    with progress:
        return run(progress)


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
@click.option(
    "--split",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Cut each scene into up to N ranges of beats, rendered by separate processes and joined "
    "without re-encoding (0: heaviest scene first, and a scene cut only where that finishes sooner, "
    "by the costs of earlier renders; 1: never).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where the renders run: local processes, or Dask tasks (a local cluster, or the scheduler at "
    "$LSTM_EXPLAINER_DASK; needs the cluster extra).",
)
@force_option
def render(
    scene_names, quality, fmt, transparent, output, jobs, last_frame, combine_videos, reber_string, theme, subtitles,
    split, executor, force
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
    from lstm_explainer.rendering.starters import starter

    with output_folder(output):
        outcomes = with_progress(render_jobs, lambda progress: run_jobs(render_jobs, jobs, force=force, progress=progress,
                                                                        start=starter(split, executor)))
    report_reused([outcome.job.scene for outcome in outcomes if outcome.reused])
    paths = [outcome.path for outcome in outcomes]
    if combine_videos:
        from lstm_explainer.rendering.webvideo import combine

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
    from lstm_explainer.rendering.stills import still_jobs

    with output_folder(output):
        outcomes = with_progress(
            still_jobs(names, output),
            lambda progress: render_stills(names, output, theme, reber_string, jobs, progress, force),
        )
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


def check_base_url(value: str) -> str:
    """`--base-url`: an absolute address (http, https, file) or a path from the site's root, with nothing to quote."""
    if value and (not value.startswith(("http://", "https://", "file:///", "/")) or any(c in value for c in ' "<>\'')):
        raise click.BadParameter(
            f"{value!r} is not a base address; give one like https://example.org/clips/ or /clips/", param_hint="--base-url"
        )
    return value


@cli.command()
@scenes_argument
@web_quality_option
@output_option(Path("embed"), "Folder for the clips, posters, captions, snippets and index.html.")
@string_option
@theme_option
@jobs_option
@force_option
@click.option(
    "--base-url",
    metavar="URL",
    default="",
    callback=lambda ctx, param, value: check_base_url(value),
    help="Where the clips will be served from (e.g. https://example.org/clips/): the snippets' addresses start "
    "with it. Without it they name files beside the post.",
)
def embed(scene_names, quality, output, reber_string, theme, jobs, force, base_url) -> None:
    """Web clips for a blog post: WebM + MP4, poster, captions, HTML snippet, and an offline gallery.

    A scene whose clip is up to date is reused (--force renders it anyway).
    """
    from lstm_explainer.rendering.embed import clip_job
    from lstm_explainer.rendering.embed import embed as make_embed

    names = resolve_scenes(scene_names)
    check_string_length(reber_string, names)
    prepare_output(output)
    paths, reused = with_progress(
        [clip_job(name, output, quality, theme, None) for name in names],
        lambda progress: make_embed(names, output, quality=quality, theme=theme, processes=jobs, force=force,
                                    progress=progress, reber_string=reber_string, base_url=base_url),
    )
    report_reused(reused)
    print_sizes(paths)
    click.echo(f"open {output / 'index.html'} in a browser to see every clip with its snippet")


def lecture_presenter_hint(output: Path, names: list[str]) -> str:
    """How to show the lecture in manim-slides' own presenter: the command, or the extra it needs first."""
    from importlib.util import find_spec

    from lstm_explainer.rendering.lecture import present_command

    command = present_command(output / "slides", names)
    if find_spec("PySide6") is None and find_spec("PyQt6") is None:
        return f"manim-slides' own presenter needs Qt: make present-extra (pip install -e '.[present]'), then: {command}"
    return f"or in manim-slides' presenter: {command}"


@cli.command()
@scenes_argument
@web_quality_option
@output_option(Path("lecture"), "Folder for lecture.html and its files (and lecture.pptx, lecture.pdf).")
@click.option(
    "--pptx", is_flag=True, help="Also write lecture.pptx (PowerPoint 13.33x7.5 in, the videos inside; needs python-pptx)."
)
@click.option("--pdf", is_flag=True, help="Also write lecture.pdf, a handout: each slide's picture with its notes under it.")
@click.option(
    "--pdf-theme", type=click.Choice(list(PALETTES)), default="light", show_default=True,
    help="The handout's colour theme (light for print; another than --theme renders the slides once more).",
)
@string_option
@theme_option
@jobs_option
@force_option
def lecture(scene_names, quality, output, pptx, pdf, pdf_theme, reber_string, theme, jobs, force) -> None:
    """The scenes as one offline slide deck: a slide per beat, its caption as speaker notes.

    A scene whose slides are up to date is reused (--force renders it anyway).
    """
    from lstm_explainer.rendering.lecture import lecture_jobs, make_lecture

    names = resolve_scenes(scene_names)
    check_string_length(reber_string, names)
    prepare_output(output)
    paths, reused = with_progress(
        lecture_jobs(names, output, quality, theme, {}, reber_string, pdf_theme if pdf else None),
        lambda progress: make_lecture(names, output, quality=quality, theme=theme, pptx=pptx, pdf=pdf,
                                      handout_theme=pdf_theme, processes=jobs, force=force, progress=progress,
                                      reber_string=reber_string),
    )
    report_reused(reused)
    for path in paths:
        click.echo(str(path))
    click.echo(f"open {paths[0]} in a browser; Space or the arrows move between slides, R plays or pauses, "
               "S opens the speaker view, ? lists every key")
    click.echo(lecture_presenter_hint(output, names))


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

    names = resolve_scenes(scene_names)
    for string in reber_strings:
        check_string_length(string, names)
    strings = reber_strings or (None,)
    value_jobs = [RenderJob(name, Path("."), reber_string=string) for name in names for string in strings]
    rows = with_progress(value_jobs, lambda progress: collect(names, strings, processes=jobs, progress=progress))
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
    type=click.Path(path_type=Path),  # every problem with the file is told by the one weights check
    default=ASSETS / "rnn_reber.npz",
)
def check(weights) -> None:
    """Print accuracy on fresh strings, U's largest singular value and spectral radius, per-lag gradient norms."""
    from lstm_explainer.model import train as training
    from lstm_explainer.model import weights as shipped

    try:
        shipped.load(weights)
    except shipped.WeightsError as error:
        raise click.BadParameter(str(error), param_hint="WEIGHTS")
    try:
        shipped.record(weights)
    except shipped.WeightsError as error:
        raise click.ClickException(str(error))
    click.echo(training.check_report(weights))


def main() -> None:
    """The command line; an interrupted command leaves at once (the interpreter's teardown takes seconds)."""
    install_signal_handlers()
    try:
        cli()
    except Interrupted as stop:  # before or after a command ran (while click parsed its options, say)
        click.echo("interrupted: nothing more was written", err=True)
        done = SystemExit(128 + stop.signum)
    except SystemExit as exit_:
        done = exit_
    if done.code in (128 + signal.SIGINT, 128 + signal.SIGTERM, 128 + signal.SIGPIPE):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:
            pass
        os._exit(done.code)
    raise done


if __name__ == "__main__":
    main()
