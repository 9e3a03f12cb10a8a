"""Normalising what users paste: full-width characters, stray spaces, pinyin initials for search."""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

_SPACES = re.compile(r"\s+")


def normalize_text(value: object) -> str:
    """NFKC-fold full-width letters and digits, turn any run of whitespace into one space, trim."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).replace("\u3000", " ")
    return _SPACES.sub(" ", text).strip()


def pinyin_initials(name: str) -> str:
    """The lower-case pinyin initials of a Chinese name, e.g. 国阳智能 -> gyzn (other letters kept)."""
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(ch for ch in "".join(initials).lower() if ch.isalnum())
