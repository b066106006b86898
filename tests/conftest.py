"""Shared test set-up: manim's frame-comparison tests made to run here, and no silent skips.

manim's ``frames_comparison`` skips every test when cairo is older than 1.18
(Debian 12 ships 1.16) and registers ``--set_test`` only in manim's own
conftest; both are fixed here so the regression frames really run.
"""

from __future__ import annotations

import pytest
from manim import config as manim_config
from manim.utils.testing import frames_comparison


def pytest_addoption(parser):
    parser.addoption("--set_test", action="store_true", help="write the control frames instead of comparing")
    parser.addoption("--show_diff", action="store_true", help="show a picture of a frame that differs")


def pytest_configure(config):
    # The frames compared are produced by this machine's own cairo; its version is no reason to skip.
    frames_comparison.MIN_CAIRO_VERSION = 0
    # Each xdist worker typesets into its own media folder: two workers writing one new text's SVG at once left
    # one of them parsing a half-written file (ParseError at a test's set-up).
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker:
        manim_config.media_dir = f"media/{worker}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skipped test is a failed test: nothing in this suite may pass by not running."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} was skipped ({report.longrepr}); this suite allows no skips"
