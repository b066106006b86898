"""`render.py values`: every number a scene shows, as JSON lines or a Markdown table, in story order."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from lstm_explainer.cli import cli

FIELDS = {"scene", "beat", "string", "quantity", "index", "value", "text"}


def test_values_lists_json_lines_per_string_in_story_order():
    result = CliRunner().invoke(
        cli, ["values", "error-at-step-one", "RNNEquations", "--string", "BTSSXXTVVE", "--string", "BPVVE"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and all(FIELDS <= set(row) for row in rows)
    # the scenes in the order asked, each for both strings, beats in the order they play
    assert [r["scene"] for r in rows] == sorted((r["scene"] for r in rows), key=["ErrorAtStepOne", "RNNEquations"].index)
    assert {r["string"] for r in rows if r["scene"] == "ErrorAtStepOne"} == {"BTSSXXTVVE", "BPVVE"}
    beats = [r["beat"] for r in rows if r["scene"] == "ErrorAtStepOne" and r["string"] == "BPVVE"]
    assert beats == sorted(beats, key=["influence_beat", "v_beat", "w_beat", "u_beat"].index)
    w = [r for r in rows if r["quantity"] == "dy/dW"]
    # k: the example output, a symbol legal after B (T = 2 or P = 3)
    assert w and w[0]["index"] in ({"t": 1, "k": k, "i": 4, "j": 1} for k in (2, 3))


def test_values_as_a_markdown_table():
    result = CliRunner().invoke(cli, ["values", "ErrorAtStepOne", "--format", "md"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "| scene | beat | string | quantity | index | value | shown | read by |"
    assert any("`dy/dW`" in line and re.search(r"t=1, k=[23], i=4, j=1", line) for line in lines)
    assert all(line.count("|") == 9 for line in lines)


def test_values_rejects_an_unknown_scene_and_a_string_outside_the_grammar():
    assert CliRunner().invoke(cli, ["values", "NoSuchScene"]).exit_code == 2
    assert CliRunner().invoke(cli, ["values", "--string", "BTXE"]).exit_code == 2
