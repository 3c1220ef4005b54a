"""Placeholder: wired by create_app; its issue fills it."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this package's routes."""
