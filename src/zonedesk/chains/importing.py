"""Excel import of a chain's links (环节, 上级环节, 位置, 排序, 备注): each new link added as the keeper would add it
(the same checks and Event, on the import channel); all rows or none, every problem named by row and column.

A parent may be named before or after its child, and may be a link the chain already has. A row naming a link the
chain already has, under the same parent, adds nothing: importing the same file twice adds its links once.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.common.sheets import Problems, SheetColumns
from zonedesk.common.text import normalize_text
from zonedesk.enterprises.lookup import text_code
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from .models import Chain, ChainLink, Position
from .scope import chains_in_scope
from .services import POSITION_WORDS, create_link

COLUMNS = SheetColumns(
    {
        "name": ("环节*", ["环节", "环节名称", "产业链环节", "链条环节", "名称"]),
        "parent": ("上级环节", ["上级", "父环节", "所属环节", "上一级环节"]),
        "position": ("位置", ["上中下游", "环节位置", "所处位置", "链条位置", "上下游"]),
        "order": ("排序", ["顺序", "排序号", "显示顺序"]),
        "note": ("备注", ["说明", "备注说明"]),
    },
    required=[("name",)],
)
POSITION_WORD = {Position.UPSTREAM: "上游", Position.CORE: "核心", Position.DOWNSTREAM: "下游"}


@dataclass
class ImportResult:
    created: int
    existing: int


@dataclass
class Row:
    row: int
    name: str
    parent: str
    position: str | None
    order: int | None
    note: str


def template_file():
    example = ["正极材料", "", "上游", 1, "磷酸铁锂、三元材料"]
    title = (
        "产业链环节导入表（带*为必填；上级环节空着为一级环节；位置填 上游、核心（或中游）、下游，下级环节可空，随上级）"
    )
    return COLUMNS.template(example, title=title, sheet="产业链环节")


def _position(text: str) -> str | None:
    text = text.replace(" ", "")
    if text in POSITION_WORDS:
        return POSITION_WORDS[text].value
    for choice in Position:
        if text.lower() in (choice.value, str(choice.label).lower()):
            return choice.value
    return None


def _parse(cells_by_row: list[tuple[int, dict]], problems: Problems) -> list[Row]:
    rows, seen = [], {}
    for row_no, cells in cells_by_row:
        name = normalize_text(cells.get("name"))
        parent = normalize_text(cells.get("parent"))
        if not name:
            problems.add(row_no, "name", _("Enter the link's name."))
        elif len(name) > 100:
            problems.add(row_no, "name", _("Keep it within %(limit)d characters.") % {"limit": 100})
        elif name in seen:
            problems.add(row_no, "name", _("%(name)s also appears in row %(row)d.") % {"name": name, "row": seen[name]})
        if name and parent == name:
            problems.add(row_no, "parent", _("A link cannot be its own parent."))
        raw_position = normalize_text(cells.get("position"))
        position = _position(raw_position) if raw_position else None
        if raw_position and position is None:
            problems.add(row_no, "position", f"{raw_position}: " + _("write 上游, 核心 (or 中游) or 下游."))
        order_text = text_code(cells.get("order"))
        order = None
        if order_text:
            if order_text.isdigit() and int(order_text) <= 9999:
                order = int(order_text)
            else:
                problems.add(row_no, "order", f"{order_text}: " + _("Enter a number from 0 to 9999."))
        note = normalize_text(cells.get("note"))
        if len(note) > 300:
            problems.add(row_no, "note", _("Keep it within %(limit)d characters.") % {"limit": 300})
        if name:
            seen.setdefault(name, row_no)
            rows.append(Row(row_no, name, parent, position, order, note))
    return rows


def _plan(chain: Chain, rows: list[Row], problems: Problems) -> tuple[list[Row], int]:
    """The rows to add, parents before children, and how many name links the chain already has; every problem of
    the tree (unknown parent, cycle, a link already elsewhere) added to `problems`."""
    existing = {link.name: link for link in ChainLink.objects.filter(chain=chain).select_related("parent")}
    in_file = {r.name: r for r in rows}
    new, already = [], 0
    for r in rows:
        if r.parent and r.parent not in in_file and r.parent not in existing:
            problems.add(r.row, "parent", _("%(name)s: no such link in the file or the chain.") % {"name": r.parent})
        link = existing.get(r.name)
        if link is None:
            new.append(r)
            continue
        already += 1
        current_parent = link.parent.name if link.parent else ""
        if r.parent != current_parent:
            message = _("%(name)s is already in the chain under %(parent)s.") % {
                "name": r.name,
                "parent": current_parent or _("(no parent: a first-level link)"),
            }
            problems.add(r.row, "parent", message)
        elif r.position and r.position != link.position:
            message = _("%(name)s is already in the chain as %(position)s.") % {
                "name": r.name,
                "position": POSITION_WORD[link.position],
            }
            problems.add(r.row, "position", message)
    # Parents first: a row is ready when its parent is a link already or a row placed before it.
    placed = {name: link.position for name, link in existing.items()}
    ordered, waiting = [], list(new)
    while waiting:
        ready = [r for r in waiting if not r.parent or r.parent in placed]
        if not ready:
            break
        for r in ready:
            position = r.position or (placed.get(r.parent) if r.parent else None)
            if r.parent and r.position and placed.get(r.parent) and r.position != placed[r.parent]:
                message = _("A sub-link sits where its parent link sits (%(position)s).") % {
                    "position": POSITION_WORD[placed[r.parent]]
                }
                problems.add(r.row, "position", message)
            if not r.parent and not r.position:
                problems.add(r.row, "position", _("A first-level link needs its position: 上游, 核心 or 下游."))
            placed[r.name] = position
            ordered.append(r)
        waiting = [r for r in waiting if r not in ready]
    for r in waiting:
        if r.parent in in_file:
            problems.add(r.row, "parent", _("The parent links of this row go round in a circle."))
    return ordered, already


def _chain(by: Actor, chain: Chain | int, *, lock: bool = False) -> Chain:
    rows = chains_in_scope(by).select_related("unit")
    if lock:
        rows = rows.select_for_update(of=("self",))
    chain = rows.get(pk=getattr(chain, "pk", chain))
    ensure_can(by, "chain.import", chain.unit)
    if chain.is_archived:
        raise Rejected("chain", _("This chain is archived."))
    return chain


def import_links(fileobj, chain: Chain | int, *, by: Actor) -> ImportResult:
    """Add every new link of a sheet to the chain, or none when any row is bad."""
    chain = _chain(by, chain)
    cells_by_row = COLUMNS.read(fileobj)
    problems = Problems(COLUMNS)
    rows = _parse(cells_by_row, problems)
    _plan(chain, rows, problems)
    problems.raise_if_any()
    return _write(by, chain, rows)


@transaction.atomic(durable=True)
def _write(by: Actor, chain: Chain, rows: list[Row]) -> ImportResult:
    chain = _chain(by, chain, lock=True)
    problems = Problems(COLUMNS)
    ordered, already = _plan(chain, rows, problems)  # again under the lock: links added meanwhile
    problems.raise_if_any()
    by_import = Actor(user=by.user, ip=by.ip, channel="import")
    made: dict[str, ChainLink] = {}
    for r in ordered:
        parent = made.get(r.parent) or (ChainLink.objects.get(chain=chain, name=r.parent) if r.parent else None)
        try:
            made[r.name] = create_link(
                by_import, chain, name=r.name, position=r.position, parent=parent, order=r.order, note=r.note
            )
        except Rejected as exc:  # checked above; kept as the import's answer should the service refuse a row
            problems.add(r.row, exc.field if exc.field in COLUMNS.columns else "name", exc.message)
            problems.raise_if_any()
    record(by_import, "chain.links_imported", chain, after={"created": len(ordered), "existing": already})
    return ImportResult(created=len(ordered), existing=already)
