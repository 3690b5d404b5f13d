"""Normalising learner-written text before it is stored.

Learner text is stored as plain text and escaped where it is shown. Here it loses what a reader
cannot see but a screen obeys, then is put in NFC: control characters, bidirectional embeddings,
overrides and isolates (a name with U+202E shows reversed in a staff table), zero-width and other
format characters, lone surrogates (JSON can carry one, UTF-8 cannot store it) and non-characters.
Zero-width joiner and non-joiner stay: emoji sequences and Persian or Indic spelling need them.
Lengths and emptiness are then what the learner sees.
"""
import functools
import re
import sys
import unicodedata

KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}  # zero-width non-joiner, zero-width joiner
_BLANKS = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")


@functools.lru_cache(maxsize=1)
def _invisible():
    """One character class for every invisible code point (built once per process: a regex is fast on long text)."""
    codes = [code for code in range(sys.maxunicode + 1) if not _visible(chr(code))]
    ranges, start = [], None
    for previous, code in zip([None, *codes], codes):
        if previous is None or code != previous + 1:
            if start is not None:
                ranges.append((start, previous))
            start = code
    ranges.append((start, codes[-1]))
    return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                    for a, b in ranges) + "]")


def _visible(character):
    category = unicodedata.category(character)
    if category in ("Cc", "Cs") or (category == "Cf" and character not in KEPT_FORMAT_CHARACTERS):
        return character in "\n\t"
    code = ord(character)
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)  # non-characters


def _strip_invisible(text):
    return _invisible().sub("", text)


def clean_line(value):
    """One line of text with inner blanks collapsed; ``None`` when ``value`` is not a string."""
    if not isinstance(value, str):
        return None
    return _BLANKS.sub(" ", _normalised(value)).strip()


def clean_paragraph(value):
    """Multi-line text with one kind of line break; ``None`` when ``value`` is not a string."""
    if not isinstance(value, str):
        return None
    return _normalised(_LINE_BREAKS.sub("\n", value)).replace("\t", " ").strip()


def _normalised(value):
    """Invisible characters out first, then NFC (so that the result is in NFC, and cleaning twice changes nothing)."""
    return unicodedata.normalize("NFC", _strip_invisible(value))
