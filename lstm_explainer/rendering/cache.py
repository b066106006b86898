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
made from (``<file>.key.json``: the sources of the modules its scene draws
with, the weights, the options, the versions of manim, numpy, PyAV and the
project). A render whose key matches an intact file is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path

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


def seed_private_typeset(private: Path, shared: Path | None) -> dict[str, str]:
    """Make `private`/tex and /text, copy in the shared entries that parse; manim's settings for them."""
    for kind in TYPESET_KINDS:
        (private / kind).mkdir(parents=True, exist_ok=True)
        if shared is None:
            continue
        for entry in (shared / kind).glob("*.svg"):
            if svg_is_whole(entry):
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
                handle, temporary = tempfile.mkstemp(prefix=".merge-", suffix=".svg", dir=target.parent)
                os.close(handle)
                shutil.copyfile(entry, temporary)
                os.replace(temporary, target)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
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
            return tuple(json.loads(record.read_text()))
        except (OSError, ValueError):
            pass
    catalog = tuple(
        {"name": cls.__name__, "module": cls.__module__, **{name: getattr(cls, name, None) for name in CATALOG_FIELDS}}
        for cls in scenes.in_story_order()
    )
    if record is not None:
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".catalog-", dir=record.parent)
            with os.fdopen(handle, "w") as out:
                json.dump(catalog, out)
            os.replace(temporary, record)
        except OSError:
            pass  # no record: the next run imports the scenes again
    return catalog


def catalog_entry(name: str) -> dict:
    """The catalog's entry for a scene given by class name or id, any case; KeyError otherwise."""
    for entry in scene_catalog():
        if name.lower() in (entry["name"].lower(), entry["scene_id"].lower()):
            return entry
    raise KeyError(name)


def module_file(name: str) -> Path | None:
    """The source file of a project module (package __init__ for a package), None outside the project."""
    if name.split(".")[0] not in PROJECT_PACKAGES:
        return None
    base = ROOT.joinpath(*name.split("."))  # ROOT: read at call time (tests point it at a copy)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# `import a.b, c` and `from .a import (b, c)` at any indentation (in functions too). A line in a
# docstring that looks like an import only adds a file to the key: harmless, and much faster than ast.
IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)|import[ \t]+([^\n#]+))", re.M)


def _imported_names(path: Path, package: str) -> set[str]:
    """Every module name `path` imports (at any depth: top level, in functions), resolved to absolute."""
    names: set[str] = set()
    for level, module, imported, plain in IMPORT.findall(path.read_text(encoding="utf-8")):
        if plain:
            names.update(part.split(" as ")[0].strip() for part in plain.split(","))
            continue
        if level:
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - len(level) + 1])
            module = f"{base}.{module}" if module else base
        names.add(module)
        for part in imported.strip("()").split(","):  # `from pkg import module`
            name = part.split(" as ")[0].strip()
            if name.isidentifier():
                names.add(f"{module}.{name}")
    return names


def module_closure(module: str) -> tuple[Path, ...]:
    """The source files of `module` and of every project module it imports, transitively, sorted.

    Importing ``a.b.c`` runs ``a/__init__.py`` and ``a/b/__init__.py`` too, so those count.
    """
    return _closure(module, ROOT)


@cache
def _closure(module: str, root: Path) -> tuple[Path, ...]:
    seen: set[Path] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            path = module_file(".".join(parts[:depth]))
            if path is None or path in seen:
                continue
            seen.add(path)
            dotted = ".".join(parts[:depth])
            package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
            pending.extend(_imported_names(path, package))
    return tuple(sorted(seen))


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


def render_inputs(job, uses: tuple[str, ...] = ("lstm_explainer.rendering.jobs",), **more_options) -> dict:
    """Everything a render's result depends on, as a JSON-able dict (see the module docstring).

    `uses`: the modules that turn the scene into its files (embed and lecture add
    theirs); `more_options`: settings of theirs that change the files.
    """
    scene = catalog_entry(job.scene)
    options = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(job).items()}
    for where in ("out_dir", "still_dir"):  # where a file goes does not change what it holds
        options.pop(where, None)
    options["stills"] = job.still_dir is not None
    options.update(more_options)
    sources = module_closure(scene["module"]) + tuple(path for module in uses for path in module_closure(module))
    weights = sorted(ASSETS.glob("*.npz")) + sorted(ASSETS.glob("*.json"))
    return {
        "scene": scene["name"],
        "options": options,
        "sources": {str(p.relative_to(ROOT)): file_digest(p) for p in sorted(set(sources))},
        "weights": {p.name: file_digest(p) for p in weights},
        "versions": versions(),
    }


def inputs_key(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def job_key(job, uses: tuple[str, ...] = ("lstm_explainer.rendering.jobs",), **more_options) -> tuple[str, dict]:
    """(key, inputs) of a job: see render_inputs."""
    inputs = render_inputs(job, uses, **more_options)
    return inputs_key(inputs), inputs


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def file_stamp(path: Path, folder: Path) -> dict:
    """What identifies a finished file cheaply: its name (relative to `folder`), size and modification time."""
    status = path.stat()
    return {"name": path.relative_to(folder).as_posix(), "size": status.st_size, "mtime_ns": status.st_mtime_ns}


def write_sidecar(result: Path, key: str, inputs: dict, files: list[Path]) -> None:
    """Record beside `result` the key it was made from and the files that make it up, in its folder or
    below (atomically)."""
    record = {"key": key, "files": [file_stamp(p, result.parent) for p in files], "inputs": inputs}
    target = sidecar(result)
    text = json.dumps(record, indent=1, sort_keys=True)
    try:
        if target.read_text() == text:
            return  # a file with the same content is not rewritten (the blog's folder stays as it was)
    except (OSError, UnicodeDecodeError):
        pass
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def reusable(result: Path, key: str) -> bool:
    """True when `result` and the files recorded with it are intact and were made from `key`."""
    try:
        record = json.loads(sidecar(result).read_text())
        if record["key"] != key:
            return False
        return all(file_stamp(result.parent / entry["name"], result.parent) == entry for entry in record["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
