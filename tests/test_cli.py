"""The click CLI, in-process: listing, name matching and usage errors."""

from __future__ import annotations

from click.testing import CliRunner

import scenes
from render import cli


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_list_shows_every_registered_scene_in_story_order():
    result = invoke("list")
    assert result.exit_code == 0, result.output
    positions = [result.output.index(scene.__name__) for scene in scenes.in_story_order()]
    assert positions == sorted(positions)
    for scene in scenes.in_story_order():
        line = next(line for line in result.output.splitlines() if scene.__name__ in line)
        assert scene.scene_id in line and scene.title in line and scene.section in line


def test_scene_names_match_class_or_id_in_any_case():
    for scene in scenes.in_story_order():
        assert scenes.by_name(scene.__name__.upper()) is scene
        assert scenes.by_name(scene.scene_id.title()) is scene


def test_unknown_scene_is_usage_error_listing_valid_names(tmp_path):
    result = invoke("render", "NoSuchScene", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "NoSuchScene" in result.output
    for scene in scenes.in_story_order():
        assert scene.__name__ in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_quality_is_rejected():
    result = invoke("render", "RNNEquations", "--quality", "z")
    assert result.exit_code == 2
    assert "'z' is not one of" in result.output


def test_string_outside_the_grammar_is_rejected_before_rendering(tmp_path):
    for command in (["render", "RNNEquations"], ["stills"]):
        result = invoke(*command, "--string", "BTSSPXSE", "-o", str(tmp_path / "out"))
        assert result.exit_code == 2
        assert "BTSSPXSE" in result.output and "position 5" in result.output and "try e.g." in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "out").exists()


def test_stills_rejects_an_unknown_theme(tmp_path):
    result = invoke("stills", "--theme", "sepia", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "sepia" in result.output


def test_model_check_reports_the_shipped_weights_at_100_percent():
    result = invoke("model", "check")
    assert result.exit_code == 0, result.output
    assert "accuracy on 1000 fresh Reber strings" in result.output and "100.0%" in result.output
    assert "largest singular value" in result.output and "spectral radius" in result.output


def test_model_check_names_a_broken_weights_file(tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    result = invoke("model", "check", str(broken))
    assert result.exit_code == 2
    assert str(broken) in result.output and "Traceback" not in result.output


def test_an_output_folder_that_cannot_be_created_is_a_usage_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for command in (["render", "RNNEquations"], ["stills"]):
        result = invoke(*command, "-o", str(blocker / "media"))
        assert result.exit_code == 2, result.output
        assert "cannot create" in result.output and "Traceback" not in result.output
