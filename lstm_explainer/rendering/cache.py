"""What a render may reuse: typeset SVGs shared between renders, and whole finished files.

Typeset cache (LaTeX and Pango SVGs, shared by every scene under
``$XDG_CACHE_HOME/lstm-explainer/typeset``): manim rewrites cached text SVGs in
place on every run and writes LaTeX output where another process may be
reading it, so no render ever works in the shared folder. Each render gets a
private copy of the entries that parse, works in it, and afterwards moves each
new entry into the shared folder by an atomic rename. An interrupt or a second
render at the same time can therefore never leave a half-written entry there,
and an entry that does not parse (left by an older version) is dropped and
typeset again.

Content cache: a finished file carries, beside it, the key of everything it was
made from (``<file>.key.json``: the project's source files its render really
loaded, as its worker process saw them, so what a scene reads through the
registry counts; the weights, the options, the versions of manim, numpy, PyAV
and the project) and the size, time and SHA-256 of each file it made. A job is
skipped when the files recorded are intact and the key, recomputed from the
sources recorded, matches: a source changes the key, and a new dependency can
only come from a changed source.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path

from lstm_explainer.model.io import atomic_path, atomic_write

ROOT = Path(__file__).resolve().parents[2]  # the checkout: lstm_explainer/ and assets/
PROJECT_PACKAGES = ("lstm_explainer",)
ASSETS = ROOT / "assets"
TYPESET_KINDS = ("tex", "text")
SIDECAR_SUFFIX = ".key.json"


# ------------------------------------------------------------ where caches live


def cache_root() -> Path | None:
    """``$XDG_CACHE_HOME/lstm-explainer`` (else ``~/.cache/...``), or None when there is no usable home.

    Read when needed, never at import: a user without a passwd entry or a HOME
    can still render (without a persistent typeset cache). An empty or relative
    XDG_CACHE_HOME is ignored, as the XDG specification says, so nothing is
    ever cached into the current folder.
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "lstm-explainer"
    home = os.environ.get("HOME", "")
    if not (home and os.path.isabs(home)):
        try:
            home = str(Path.home())
        except (RuntimeError, KeyError):
            return None
    if not os.path.isabs(home):
        return None
    return Path(home) / ".cache" / "lstm-explainer"


def shared_typeset_dir() -> Path | None:
    """The shared typeset folder, created; None when it cannot be written (renders then typeset afresh)."""
    root = cache_root()
    if root is None:
        return None
    folder = root / "typeset"
    try:
        for kind in TYPESET_KINDS:
            (folder / kind).mkdir(parents=True, exist_ok=True)
            probe = tempfile.NamedTemporaryFile(dir=folder / kind, prefix=".probe-")
            probe.close()
    except OSError:
        return None
    return folder


def svg_is_whole(path: Path) -> bool:
    """True when `path` is a complete, parseable SVG (not empty, not cut short)."""
    try:
        if path.stat().st_size == 0:
            return False
        return ElementTree.parse(path).getroot().tag.endswith("svg")
    except (OSError, ElementTree.ParseError):
        return False


def svg_ends_whole(path: Path) -> bool:
    """True when `path` ends as a whole SVG does (the cheap check for entries the shared cache only ever
    receives whole, by an atomic rename after ``svg_is_whole``: what it catches is a file cut short or emptied)."""
    try:
        with open(path, "rb") as file:
            file.seek(0, os.SEEK_END)
            file.seek(max(0, file.tell() - 64))
            return b"</svg>" in file.read()
    except OSError:
        return False


def seed_private_typeset(private: Path, shared: Path | None) -> dict[str, str]:
    """Make `private`/tex and /text, copy in the shared entries that end whole; manim's settings for them.

    Copies, not hard links: with links, one emptied inode reached every render seeded from it (two test
    runs met an empty entry in a private folder, which manim then refused to parse), and a copy costs
    little next to the full parse of every entry this check replaced.
    """
    for kind in TYPESET_KINDS:
        (private / kind).mkdir(parents=True, exist_ok=True)
        if shared is None:
            continue
        for entry in (shared / kind).glob("*.svg"):
            if svg_ends_whole(entry):  # not a full parse of every entry: every render seeds from them all
                try:
                    shutil.copyfile(entry, private / kind / entry.name)
                except OSError:
                    pass  # an entry the next render will typeset again
            else:
                entry.unlink(missing_ok=True)  # heal: typeset again, by whichever render gets there
    return {"tex_dir": str(private / "tex"), "text_dir": str(private / "text")}


def merge_typeset(private: Path, shared: Path | None) -> None:
    """Move the private copy's new, whole SVGs into the shared folder, each by one atomic rename."""
    if shared is None:
        return
    for kind in TYPESET_KINDS:
        for entry in (private / kind).glob("*.svg"):
            target = shared / kind / entry.name
            if target.exists() or not svg_is_whole(entry):
                continue
            try:
                with atomic_path(target) as temporary:
                    shutil.copyfile(entry, temporary)
            except OSError:
                return  # the shared cache is full or gone: the render itself has succeeded


# ------------------------------------------------------------ content cache

CATALOG_FIELDS = ("scene_id", "title", "section", "approx_seconds", "max_string_length", "stills")


@cache
def scene_catalog() -> tuple[dict, ...]:
    """Every scene in story order: class name, module and the class attributes the CLI reads.

    Kept in a record keyed by the sources of ``scenes/``, so a render whose results
    are all up to date never imports the scenes (nor manim, which takes seconds);
    the scenes are imported, and the record written, only when their sources change.
    """
    from lstm_explainer import scenes

    digest = hashlib.sha256()
    for path in sorted((ROOT / "lstm_explainer" / "scenes").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    root = cache_root()
    record = root / "catalog" / f"{digest.hexdigest()[:32]}.json" if root is not None else None
    if record is not None:
        try:
            kept = json.loads(record.read_text())
            if _catalog_is_whole(kept):
                return tuple(kept)
        except (OSError, ValueError):
            pass  # none, or damaged: made again below (and the record healed)
    catalog = tuple(json.loads(json.dumps([  # as a record reads back (lists, not tuples), whichever way it is made
        {"name": cls.__name__, "module": cls.__module__, **{name: getattr(cls, name, None) for name in CATALOG_FIELDS}}
        for cls in scenes.in_story_order()
    ])))
    if record is not None:
        try:
            atomic_write(record, lambda out: json.dump(catalog, out), mode="w")
        except OSError:
            pass  # no record: the next run imports the scenes again
    return catalog


def _catalog_is_whole(kept) -> bool:
    """True when a kept catalog record has the shape scene_catalog writes."""
    return (
        isinstance(kept, list)
        and bool(kept)
        and all(isinstance(entry, dict) and {"name", "module", *CATALOG_FIELDS} <= set(entry) for entry in kept)
        and all(isinstance(entry["name"], str) and isinstance(entry["scene_id"], str) for entry in kept)
    )


def catalog_entry(name: str) -> dict:
    """The catalog's entry for a scene given by class name or id, any case; KeyError otherwise."""
    for entry in scene_catalog():
        if name.lower() in (entry["name"].lower(), entry["scene_id"].lower()):
            return entry
    raise KeyError(name)


# The rendering side's own modules that turn a scene into files: they count for every job, even when the
# process that runs it had loaded them before the job began (its entry point imports them).
MACHINERY = ("lstm_explainer", "lstm_explainer.rendering", "lstm_explainer.rendering.cache",
             "lstm_explainer.rendering.errors", "lstm_explainer.rendering.jobs", "lstm_explainer.rendering.workers",
             "lstm_explainer.rendering.manim_scene", "lstm_explainer.rendering.frames")


def project_sources(before: set[str] = frozenset()) -> list[str]:
    """The project's source files a job's process really loaded, relative to ROOT, sorted.

    Every module of the story and the model that is loaded, the rendering machinery,
    and whatever else was loaded after `before` (the modules present when the job
    began): what a scene reads through the registry (the Opening imports every scene
    for its titles) counts, and a module the scene never loads does not.
    """
    found = set()
    for name, module in list(sys.modules.items()):
        if not (name == "lstm_explainer" or name.startswith("lstm_explainer.")):
            continue
        counts = name.startswith(("lstm_explainer.scenes", "lstm_explainer.model")) or name in MACHINERY or name not in before
        origin = getattr(module, "__file__", None)
        if counts and origin:
            try:
                found.add(Path(origin).resolve().relative_to(ROOT.resolve()).as_posix())
            except ValueError:
                continue  # not this checkout's file
    return sorted(found)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def versions() -> dict[str, str]:
    found = {"python": sys.version.split()[0]}
    for package in ("manim", "numpy", "av", "manimpango", "lstm-explainer"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "absent"
    return found


def render_inputs(job, sources: list[str]) -> dict:
    """Everything a job's result depends on, as a JSON-able dict (see the module docstring).

    `sources`: the project files its process loaded (``project_sources``), relative to ROOT.
    """
    scene = catalog_entry(job.scene)
    options = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(job).items()}
    for where in ("out_dir", "still_dir", "target", "key_dir"):  # where a file goes does not change what it holds
        options.pop(where, None)
    options["stills"] = job.still_dir is not None
    digests = {}
    for source in sorted(set(sources)):
        try:
            digests[source] = file_digest(ROOT / source)
        except OSError:
            digests[source] = "missing"
    weights = sorted(ASSETS.glob("*.npz")) + sorted(ASSETS.glob("*.json"))
    return {
        "scene": scene["name"],
        "options": options,
        "sources": digests,
        "weights": {p.name: file_digest(p) for p in weights},
        "versions": versions(),
    }


def inputs_key(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def job_key(job, sources: list[str]) -> tuple[str, dict]:
    """(key, inputs) of a job whose process loaded `sources`: see render_inputs."""
    inputs = render_inputs(job, sources)
    return inputs_key(inputs), inputs


def recorded_sources(result: Path, record: Path | None = None) -> list[str] | None:
    """The sources recorded with `result` when it was made (in its key file, `record` or beside it); None when
    there is no usable record."""
    try:
        sources = json.loads((record or sidecar(result)).read_text())["inputs"]["sources"]
        return sorted(sources) if isinstance(sources, dict) and all(isinstance(s, str) for s in sources) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def up_to_date(job, result: Path, record: Path | None = None) -> bool:
    """True when `result` is intact and what it was made from (the sources its render loaded, the weights,
    the options, the versions) is unchanged; its key is in `record`, or beside it."""
    sources = recorded_sources(result, record)
    return sources is not None and reusable(result, job_key(job, sources)[0], record)


def sidecar(path: Path, folder: Path | None = None) -> Path:
    """Where the key of `path` is kept: beside it (``<file>.key.json``), or under the same name in `folder`
    (for a file in a folder another tool reads whole: manim-slides takes every .json in its folder)."""
    return (folder or path.parent) / (path.name + SIDECAR_SUFFIX)


def file_stamp(path: Path, folder: Path, digest: bool = True) -> dict:
    """What identifies a finished file: its name (relative to `folder`), size, modification time and the
    SHA-256 of its bytes (a file damaged in place, its size and time put back, differs there)."""
    status = path.stat()
    stamp = {"name": path.relative_to(folder).as_posix(), "size": status.st_size, "mtime_ns": status.st_mtime_ns}
    if digest:
        stamp["sha256"] = file_digest(path)
    return stamp


def write_sidecar(result: Path, key: str, inputs: dict, files: list[Path], record_path: Path | None = None) -> None:
    """Record beside `result` (or at `record_path`) the key it was made from and the files that make it up,
    in its folder or below (atomically)."""
    from lstm_explainer.model.io import atomic_write

    record = {"key": key, "files": [file_stamp(p, result.parent) for p in files], "inputs": inputs}
    target = record_path or sidecar(result)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, indent=1, sort_keys=True)
    try:
        if target.read_text() == text:
            return  # a file with the same content is not rewritten (the blog's folder stays as it was)
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(target, lambda out: out.write(text), mode="w")


def reusable(result: Path, key: str, record_path: Path | None = None) -> bool:
    """True when `result` and the files recorded with it (beside it, or at `record_path`) are intact and were
    made from `key`.

    Size and time are compared first (cheap: a changed file is found without reading it),
    then the content hash.
    """
    try:
        record = json.loads((record_path or sidecar(result)).read_text())
        if record["key"] != key:
            return False
        for entry in record["files"]:
            path = result.parent / entry["name"]
            cheap = file_stamp(path, result.parent, digest=False)
            if any(entry[name] != value for name, value in cheap.items()) or "sha256" not in entry:
                return False
        return all(file_digest(result.parent / entry["name"]) == entry["sha256"] for entry in record["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
