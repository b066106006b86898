"""Diagram pieces shared by more than one scene, each a small VGroup subclass or builder."""
