"""Reverse-mentoring programs inside Open edX courses."""

__version__ = "0.1.0"
