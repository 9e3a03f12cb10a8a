"""Compile the message catalogues without GNU gettext: `uv run python -m zonedesk.common.i18n`.

`zonedesk makemessages` still needs gettext's xgettext (apt-get install gettext) to extract strings.
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def compile_all() -> list[Path]:
    """Write every .po file's .mo beside it (translated, non-fuzzy entries only)."""
    written = []
    for po_path in sorted(LOCALE.rglob("*.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        written.append(po_path.with_suffix(".mo"))
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path)
