"""The film as a whole: its length, as `render.py list` adds it up and the README states it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from lstm_explainer import scenes
from lstm_explainer.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def listed_total() -> int:
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 0, result.output
    last = result.output.splitlines()[-1]
    assert "the whole film" in last
    minutes, seconds = map(int, re.search(r"\((\d+) min (\d+) s\)", last).groups())
    assert int(re.search(r"~(\d+) s", last).group(1)) == 60 * minutes + seconds
    return 60 * minutes + seconds


def test_list_ends_with_the_films_length_the_sum_of_its_scenes():
    lengths = [int(re.search(r"~(\d+) s", line).group(1)) for line in CliRunner().invoke(cli, ["list"]).output.splitlines()[1:-1]]
    assert len(lengths) == len(scenes.in_story_order())
    assert abs(listed_total() - sum(scene.approx_seconds for scene in scenes.in_story_order())) <= 0.5
    assert abs(listed_total() - sum(lengths)) <= len(lengths) / 2  # each scene's length is rounded once


def test_the_readme_states_the_films_length_as_listed():
    minutes, seconds = map(int, re.search(r"The film runs about (\d+) min (\d+) s", README.read_text()).groups())
    assert 60 * minutes + seconds == listed_total()


def test_the_whole_film_lasts_at_most_ten_minutes():
    assert listed_total() <= 600
