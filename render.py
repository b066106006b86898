"""The command line, run from a checkout: ``python render.py --help`` (installed as ``lstm-explainer``)."""

import _signal  # built into the interpreter: nothing to load, so nothing a Ctrl-C can interrupt
import os

for _signum in (_signal.SIGINT, _signal.SIGTERM):  # from the first line: a signal ends the command quietly
    _signal.signal(_signum, lambda signum, frame: os._exit(128 + signum))

from lstm_explainer.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
