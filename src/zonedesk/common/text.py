"""Normalising what users type: full-width letters and digits, stray spaces, pinyin initials for search.

What is stored keeps its Chinese punctuation (，！（）：；？), its circled numbers and its units as typed: only the
full-width ASCII letters and digits and the ideographic space are folded. Long text keeps its line breaks.
"""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

# Full-width ０-９, Ａ-Ｚ, ａ-ｚ to ASCII, the ideographic space to a space; nothing else.
_FULL_WIDTH = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
_WIDTH = str.maketrans(
    {0x3000: " "} | {cp: cp - 0xFEE0 for first, last in _FULL_WIDTH for cp in range(first, last + 1)}
)
_SPACES = re.compile(r"\s+")
_INLINE_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but the line break
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(value: object) -> str:
    """One line: full-width letters and digits folded, any run of whitespace (line breaks too) one space, trimmed."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value).translate(_WIDTH)).strip()


def normalize_multiline(value: object) -> str:
    """Long text (notes, descriptions, summaries): folded like normalize_text, but its lines kept.

    Line breaks become \\n, spaces and tabs inside a line collapse to one, each line is trimmed, and at most one
    empty line is kept between paragraphs.
    """
    if value is None:
        return ""
    text = str(value).translate(_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_INLINE_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def fold_compat(value: object) -> str:
    """normalize_text with every compatibility form folded too (NFKC: （→(  ，→,  －→-  ①→1  ㎡→m2).

    For reading typed numbers, dates and codes and for comparing names as keys; never for what is stored.
    """
    if value is None:
        return ""
    return normalize_text(unicodedata.normalize("NFKC", str(value)))


def bracket_spellings(name: str) -> set[str]:
    """A name as typed and with its brackets all half-width or all full-width: the ways it may have been stored."""
    half = name.replace("（", "(").replace("）", ")")
    return {name, half, half.replace("(", "（").replace(")", "）")}


def pinyin_initials(name: str) -> str:
    """The lower-case pinyin initials of a Chinese name, e.g. 国阳智能 -> gyzn (other letters kept)."""
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(ch for ch in "".join(initials).lower() if ch.isalnum())
