"""The render profile (``rendering.profile``): time sorted into drawing, encoding, typesetting, churn."""

from __future__ import annotations

import copy
import cProfile

import numpy as np

from lstm_explainer.rendering.profile import CATEGORIES, category, summarise


def test_files_and_functions_fall_into_their_categories():
    site = "/venv/lib/python3.11/site-packages/"
    assert category(site + "manim/camera/camera.py", "display_multiple_vectorized_mobjects") == "drawing"
    assert category("~", "<method 'fill' of 'cairo.Context' objects>") == "drawing"
    assert category(site + "manim/scene/scene_file_writer.py", "write_frame") == "encoding"
    assert category(site + "manim/mobject/text/tex_mobject.py", "__init__") == "typesetting"
    assert category("/usr/lib/python3.11/copy.py", "deepcopy") == "churn"
    assert category(site + "manim/mobject/mobject.py", "align_data") == "churn"
    assert category(site + "manim/mobject/mobject.py", "get_center") == "other"


def test_builtin_time_counts_for_the_category_of_its_caller():
    tree = {"points": [np.zeros((4, 3)) for _ in range(8)], "family": [{"id": n} for n in range(20)]}
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(2000):
        copy.deepcopy(tree)
    profiler.disable()
    cost = summarise("copying", profiler)
    assert set(cost.by_category) == set(CATEGORIES)
    assert abs(sum(cost.by_category.values()) - cost.seconds) < 1e-6 * max(1.0, cost.seconds)
    # deepcopy's own dict lookups and numpy's __deepcopy__ are copying too
    assert cost.by_category["churn"] > 0.9 * cost.seconds
