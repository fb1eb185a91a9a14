"""Renderers: a plan document in, a string out. They format; they never compute figures."""
