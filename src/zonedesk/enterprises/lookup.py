"""Finding the enterprise an imported row names: by its credit code, or by its name in either bracket style, among
the active enterprises the importing user can see (one query for the codes and one for the names of a sheet)."""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from zonedesk.common.text import bracket_spellings, fold_compat, normalize_text
from zonedesk.common.uscc import normalize_uscc

from .models import Enterprise


def text_code(value) -> str:
    """A code as typed; codes typed into number cells come back as floats (12345.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(value)


class EnterpriseFinder:
    """The enterprises a sheet's rows name, read once for the whole sheet."""

    def __init__(self, user, rows: Iterable[dict], *, code_key: str = "uscc", name_key: str = "enterprise"):
        self.code_key, self.name_key = code_key, name_key
        rows = list(rows)
        codes = {normalize_uscc(text_code(c.get(code_key))) for c in rows} - {""}
        names = {normalize_text(c.get(name_key)) for c in rows} - {""}
        visible = Enterprise.objects.visible_to(user).active().select_related("unit")
        self.by_code = {e.uscc: e for e in visible.filter(uscc__in=codes)}
        # Names are stored as typed: 创维（射阳） and 创维(射阳) are one name, matched by their folded key.
        self.by_name: dict[str, list[Enterprise]] = {}
        for e in visible.filter(name__in={spelling for name in names for spelling in bracket_spellings(name)}):
            self.by_name.setdefault(fold_compat(e.name), []).append(e)

    def find(self, cells: dict, error: Callable[[str, str], None]) -> Enterprise | None:
        """The row's enterprise, or None after calling error(column key, message) with what is wrong."""
        code = normalize_uscc(text_code(cells.get(self.code_key)))
        name = normalize_text(cells.get(self.name_key))
        if code:
            enterprise = self.by_code.get(code)
            if enterprise is None:
                error(self.code_key, _("%(code)s: no enterprise with this code within your units.") % {"code": code})
            elif name and fold_compat(name) != fold_compat(enterprise.name):
                message = _("The code belongs to %(name)s, not to this name.") % {"name": enterprise.name}
                error(self.name_key, message)
                return None
            return enterprise
        if not name:
            error(self.name_key, _("Fill in the enterprise's name or its unified social credit code."))
            return None
        found = self.by_name.get(fold_compat(name), [])
        if len(found) > 1:
            error(self.name_key, _("Several enterprises have this name: give the credit code."))
            return None
        if not found:
            error(self.name_key, _("%(name)s: no enterprise of this name within your units.") % {"name": name})
            return None
        return found[0]
