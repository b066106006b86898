"""A scene played without motion (``SceneSettings.motionless``): each animation reduced to its effect.

`render.py values` needs a scene's construct() for the numbers it records, but none of its
motion: played this way, an animation only adds and removes what it introduces and removes,
and waiting takes no time. The numbers recorded are the same as in a full render (a test
checks that).
"""

from __future__ import annotations

from manim import Animation, AnimationGroup, Transform
from manim.mobject.mobject import _AnimationBuilder


def settle(scene, *animations) -> None:
    """Leave `scene` as the animations leave it once they have played, without playing them."""
    for animation in animations:
        if isinstance(animation, _AnimationBuilder):
            animation = animation.build()
        if isinstance(animation, Animation):
            animation._setup_scene(scene)
            _settle_one(scene, animation)


def _settle_one(scene, animation, remover: bool = False) -> None:
    if isinstance(animation, AnimationGroup):
        for part in animation.animations:
            _settle_one(scene, part, remover or animation.remover)
        return
    if remover or animation.is_remover():
        scene.remove(animation.mobject)
    elif isinstance(animation, Transform) and animation.replace_mobject_with_target_in_scene:
        try:
            scene.replace(animation.mobject, animation.target_mobject)
        except ValueError:  # the mobject was part of a group on screen, not a top-level mobject
            scene.add(animation.target_mobject)
