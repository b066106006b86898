"""The command line's entry point (``python -m lstm_explainer``, ``render.py``, the ``lstm-explainer`` script).

A signal that arrives while the command line is still being imported ends the
process at once with 128 + its number and nothing written, as it would later; the
environment is settled first (``settle_environment``).
"""

import atexit
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

for _signum in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_signum, lambda signum, frame: os._exit(128 + signum))


def settle_environment() -> None:
    """What the command and the programs it runs need of the environment, before anything else.

    Closed standard streams become /dev/null (a message is then lost, never blamed on the
    wrong thing); a relative XDG_CACHE_HOME is dropped (the XDG rule: dvisvgm and manim
    would cache into the current folder); with no home folder (no passwd entry, no HOME)
    caches go to a temporary folder for this run, and one line says so.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
            setattr(sys, name, open(fd, mode, closefd=False))
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg is not None and not os.path.isabs(xdg):
        del os.environ["XDG_CACHE_HOME"]
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        try:
            home = str(Path.home())
        except (RuntimeError, KeyError):
            home = ""
    if not os.path.isabs(home):
        home = tempfile.mkdtemp(prefix="lstm-explainer-home-")
        atexit.register(shutil.rmtree, home, ignore_errors=True)  # a cache for this run only
        os.environ["HOME"] = home
        print(f"no home folder: caches go to {home} for this run (set HOME to keep them)", file=sys.stderr)


settle_environment()  # before the imports below: manim reads the home folder when it is imported

from lstm_explainer.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
