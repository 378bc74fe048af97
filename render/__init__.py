"""Renderers: one Result, many formats."""
