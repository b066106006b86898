"""Failures a user can fix, each told in one line that names the problem and the fix.

Anything not recognised here is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import os

# Programs manim runs, and what provides them on Debian/Ubuntu (`make setup` installs them all).
TOOLS = {
    "latex": "TeX Live (sudo apt-get install texlive-latex-base texlive-latex-extra texlive-science)",
    "pdflatex": "TeX Live (sudo apt-get install texlive-latex-base texlive-latex-extra texlive-science)",
    "dvisvgm": "dvisvgm (sudo apt-get install dvisvgm)",
}


class RenderFailure(Exception):
    """A failure with a one-line message for the user; `detail` holds the traceback for --debug."""

    def __init__(self, message: str, detail: str | None = None, bug: bool = False):
        super().__init__(message)
        self.detail = detail
        self.bug = bug


class Interrupted(BaseException):
    """The render was stopped by a signal (SIGINT, SIGTERM); the exit status is 128 + signum."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def describe(error: BaseException) -> str | None:
    """One line saying what went wrong and what to do, or None when `error` is a bug."""
    if isinstance(error, RenderFailure):
        return str(error)
    if isinstance(error, MemoryError):
        return "out of memory; render at a lower quality (-q l) or with fewer --jobs"
    if isinstance(error, FileNotFoundError) and error.filename in TOOLS:
        return f"{error.filename} is not installed (manim typesets formulas with it); install {TOOLS[error.filename]}"
    if isinstance(error, OSError) and error.errno is not None:
        where = error.filename if error.filename is not None else "the output folder"
        reason = error.strerror or os.strerror(error.errno)
        if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
            return f"no space left to write {where}; free some space or choose another folder with -o"
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"cannot write {where}: {reason}; choose another folder with -o or change its permissions"
        if error.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
            return f"cannot use {where}: {reason}; move it away or choose another folder with -o"
        return f"{where}: {reason}"
    return None
