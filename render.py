"""The command line, run from a checkout: ``python render.py --help`` (installed as ``lstm-explainer``)."""

from lstm_explainer.__main__ import main

if __name__ == "__main__":
    main()
