"""Normalising learner-written text before it is stored.

Learner text is stored as plain text and escaped where it is shown; here we only drop control
characters and surrounding blanks so that lengths and emptiness mean what the learner sees.
"""
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANKS = re.compile(r"\s+")


def clean_line(value):
    """One line of text with inner blanks collapsed; ``None`` when ``value`` is not a string."""
    if not isinstance(value, str):
        return None
    return _BLANKS.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", value))).strip()


def clean_paragraph(value):
    """Multi-line text with control characters removed; ``None`` when ``value`` is not a string."""
    if not isinstance(value, str):
        return None
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()
