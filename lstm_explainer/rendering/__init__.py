"""Rendering machinery: scene classes in, files out (videos, stills, slides).

Not a chapter of the story: ``scenes/`` holds the story and what draws it; this
package turns it into files. Imports run render.py -> rendering -> scenes -> model.
"""
