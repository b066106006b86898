"""reveal.js, pinned and kept on this machine, so a lecture never loads it from the internet.

manim-slides' HTML template asks for reveal.js under a CDN address; the lecture
points that address at a folder beside the HTML instead, holding the files the
template names in reveal.js' npm layout (``dist/...``). They come from one pinned
source fetched with pip: the wheel of sphinx-revealjs, which ships reveal.js
5.2.0, checked against its SHA-256. ``make setup`` fetches it once into the cache
(``python -m lstm_explainer.rendering.revealjs``); a lecture fetches it on first use otherwise.

``python -m lstm_explainer.rendering.revealjs --manim-slides-cache`` also fills manim-slides' own
cache, so ``manim-slides convert --offline -creveal_version=5.2.0`` works by hand.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lstm_explainer.rendering.cache import cache_root

VERSION = "5.2.0"
SOURCE = "sphinx-revealjs==3.2.1"
WHEEL = "sphinx_revealjs-3.2.1-py3-none-any.whl"
WHEEL_SHA256 = "805bed3ca459346e0f01967d5ed1c40d6b7b917de1541e1e4566c8341fe7017b"
FOLDER = f"revealjs-{VERSION}"  # the bundle's name in the cache and beside a lecture
_IN_WHEEL = "sphinx_revealjs/_static/revealjs/"
# npm layout (what the template asks for) -> the file in the wheel
FILES = {
    "LICENSE": "LICENSE",
    "dist/reveal.css": "dist/reveal.css",
    "dist/reveal.js": "dist/reveal.js",
    "dist/theme/black.css": "dist/theme/black.css",
    "dist/theme/white.css": "dist/theme/white.css",
    "dist/plugin/highlight/zenburn.css": "plugin/highlight/zenburn.css",
    "dist/plugin/notes.js": "plugin/notes/notes.js",
    "dist/plugin/markdown.js": "plugin/markdown/markdown.js",
}
FONTS = "dist/theme/fonts/source-sans-pro/"  # the themes' typeface, imported by black.css and white.css


def cached() -> Path:
    """The bundle's folder in the cache, fetched first when it is not there."""
    from lstm_explainer.rendering.errors import RenderFailure

    root = cache_root()
    if root is None:
        raise RenderFailure("no folder to keep reveal.js in: set XDG_CACHE_HOME (or HOME) to a writable folder")
    folder = root / FOLDER
    if not (folder / ".complete").is_file():
        try:
            fetch(folder)
        except OSError as error:
            reason = error.strerror or str(error)
            raise RenderFailure(
                f"cannot keep reveal.js in the cache {root} ({reason}): set XDG_CACHE_HOME to a writable folder"
            ) from None
        except FetchFailed as error:
            raise RenderFailure(
                f"reveal.js {VERSION} is not in the cache ({folder}) and {error}; run `make setup` once with the "
                "network (it keeps reveal.js in the cache)"
            ) from None
    return folder


class FetchFailed(Exception):
    """pip could not fetch the pinned reveal.js, or what it fetched is not what was pinned."""


def fetch(folder: Path) -> None:
    """Download the pinned wheel with pip, check it, and unpack the bundle into `folder` (atomically)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".revealjs-", dir=folder.parent) as work:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                   "--dest", work, SOURCE]
        result = subprocess.run(command, capture_output=True, text=True)
        wheel = Path(work) / WHEEL
        if result.returncode != 0 or not wheel.is_file():
            raise FetchFailed(f"pip could not fetch it ({SOURCE}; no network?)")
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != WHEEL_SHA256:
            raise FetchFailed(f"the {WHEEL} pip fetched has SHA-256 {digest}, not the pinned {WHEEL_SHA256}")
        staged = Path(work) / FOLDER
        with zipfile.ZipFile(wheel) as archive:
            names = dict(FILES)
            for name in archive.namelist():
                if name.startswith(_IN_WHEEL + FONTS):
                    names[name.removeprefix(_IN_WHEEL)] = name.removeprefix(_IN_WHEEL)
            for target, source in names.items():
                path = staged / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.read(_IN_WHEEL + source))
        if f"reveal.js {VERSION}" not in (staged / "dist/reveal.js").read_text()[:200]:
            raise FetchFailed(f"the {WHEEL} pip fetched does not hold reveal.js {VERSION}")
        (staged / ".complete").write_text(VERSION + "\n")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staged, folder)


def copy_to(dest: Path) -> Path:
    """Put the bundle in `dest`/revealjs-<version>, rewriting only files that differ; return that folder."""
    from lstm_explainer.model.io import atomic_path
    from lstm_explainer.rendering.cache import file_digest

    source, target = cached(), dest / FOLDER
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name != ".complete":
            final = target / path.relative_to(source)
            if not (final.is_file() and file_digest(final) == file_digest(path)):
                with atomic_path(final) as temporary:
                    shutil.copyfile(path, temporary)
    return target


def fill_manim_slides_cache() -> Path:
    """Copy the bundle, flat, where `manim-slides convert --offline -creveal_version=5.2.0` looks for it."""
    from platformdirs import user_cache_path

    target = user_cache_path("manim-slides") / f"revealjs{VERSION}"
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        if name.startswith("dist/"):
            shutil.copyfile(cached() / name, target / Path(name).name)
    return target


if __name__ == "__main__":
    print(cached())
    if "--manim-slides-cache" in sys.argv[1:]:
        print(fill_manim_slides_cache())
