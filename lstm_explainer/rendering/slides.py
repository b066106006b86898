"""Every scene as a manim-slides ``Slide``: its pause points become slide breaks.

    manim-slides render lstm_explainer/rendering/slides.py RNNEquations
    manim-slides convert RNNEquations lecture.html

The scene classes are not changed: each is mixed with ``Slide`` under its own name.
"""

from manim_slides import Slide

from lstm_explainer import scenes


def as_slide(scene_cls: type) -> type:
    return type(scene_cls.__name__, (scene_cls, Slide), {"__module__": __name__})


for _scene in scenes.in_story_order():
    globals()[_scene.__name__] = as_slide(_scene)
