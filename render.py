"""The command line, run from a checkout: ``python render.py --help`` (installed as ``lstm-explainer``)."""

import os
import signal

for _signum in (signal.SIGINT, signal.SIGTERM):  # from the first line: a signal ends the command quietly
    signal.signal(_signum, lambda signum, frame: os._exit(128 + signum))

from lstm_explainer.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
