"""A month's safety work (安全生产工作情况) of a zone or region as a Word document: the figures in the sentences a
monthly report reads, the 五星五色 distribution and its change since the month before, a region's zones side by
side, and the lists of major hazards open and of hazards past their deadline. The export is an Event."""

import io
from datetime import date

from django.db import transaction
from django.utils import timezone, translation

from zonedesk.common.word import add_heading, add_table, add_text, add_title, new_document, saved
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import ensure_can
from zonedesk.projects.figures import Period

from .figure_data import unit_figures
from .queries import hazard_list, inspection_count

SECTIONS = ["一", "二", "三", "四", "五", "六"]


def report_title(unit: Unit, year: int, month: int) -> str:
    return f"{unit.name} {year}年{month}月安全生产工作情况"


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def percent(rate) -> str:
    """0.8571 -> 85.7%."""
    text = f"{rate * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def month_report(user, unit: Unit, year: int, month: int, *, today: date | None = None) -> dict:
    """What the report says, read through the user's scope: the month's figures (as of today for a month not yet
    over), the inspections of the month, the major hazards open and the hazards open past their deadline."""
    today = today or timezone.localdate()
    period = Period.month(year, month)
    data = unit_figures(user, unit, period, today)
    raw = data["raw"]
    order = ("deadline", "enterprise__name", "pk")
    return {
        **data,
        "title": report_title(unit, year, month),
        "year": year,
        "month": month,
        "as_of": min(period.end, today),
        "inspections": inspection_count(user, unit, (period.start, period.end)),
        "open_major": list(hazard_list(user, today=today, **raw["open_major"]["filter"]).order_by(*order)),
        "open_overdue": list(hazard_list(user, today=today, **raw["open_overdue"]["filter"]).order_by(*order)),
    }


# --- sentences --------------------------------------------------------------------------------------------------


def hazard_sentences(report: dict) -> str:
    """本月共检查企业X家次，发现隐患Y处，其中重大隐患Z处；已整改验收W处；本月到期隐患中按期整改T处、逾期L处，按期整改率N%。
    截至…，逾期未整改隐患M处，未整改重大隐患K处。"""
    h = report["hazards"]
    found = f"发现隐患{h['found']['value']}处"
    if h["found"]["value"]:
        found += f"，其中重大隐患{h['found_major']['value']}处"
    text = f"本月共检查企业{report['inspections']}家次，{found}；已整改验收{h['rectified']['value']}处；"
    if h["judged"]:
        text += (
            f"本月到期隐患中，按期整改{h['on_time']['value']}处，逾期{h['overdue']['value']}处，"
            f"按期整改率{percent(h['on_time_rate'])}。"
        )
    else:
        text += "本月无到期应整改的隐患。"
    text += (
        f"截至{cn_day(report['today'])}，逾期未整改隐患{h['open_overdue']['value']}处，"
        f"未整改重大隐患{h['open_major']['value']}处。"
    )
    return text


def _changes(rows: list[dict]) -> str:
    parts = []
    for row in rows:
        diff = row["change"]["value"]
        if diff:
            parts.append(f"{row['label']}企业{'增加' if diff > 0 else '减少'}{abs(diff)}家")
    return "、".join(parts)


def rating_sentences(report: dict) -> str:
    """截至…，已评定“五星五色”等级企业R家。按风险颜色分，红色a家、…；按安全星级分，…。与上月末相比，…。"""
    ratings = report["ratings"]
    rated = ratings["rated"]
    if not rated["now"]["value"] and not rated["before"]["value"]:
        return "尚无企业评定“五星五色”等级。"
    colours = "、".join(f"{r['label']}{r['now']['value']}家" for r in ratings["colours"])
    stars = "、".join(f"{r['label']}{r['now']['value']}家" for r in ratings["stars"])
    text = (
        f"截至{cn_day(ratings['as_of'])}，已评定“五星五色”等级企业{rated['now']['value']}家。"
        f"按风险颜色分，{colours}；按安全星级分，{stars}。"
    )
    new = rated["change"]["value"]
    said = [f"评定企业{'增加' if new > 0 else '减少'}{abs(new)}家"] if new else []
    said += [part for part in (_changes(ratings["colours"]), _changes(ratings["stars"])) if part]
    return text + f"与上月末（{cn_day(ratings['before_on'])}）相比，" + ("；".join(said) or "各等级企业数无变化") + "。"


# --- the document -------------------------------------------------------------------------------------------------


def _rating_rows(rows: list[dict]) -> list[list]:
    return [[r["label"], r["before"]["value"], r["now"]["value"], r["change"]["text"]] for r in rows]


def _zone_row(name: str, h: dict, colours: list[dict]) -> list:
    rate = percent(h["on_time_rate"]) if h["on_time_rate"] is not None else "—"
    red_orange = sum(c["value"] for c in colours if c["key"] in ("red", "orange"))
    values = [h[k]["value"] for k in ("found", "found_major", "rectified", "overdue", "open_overdue")]
    return [name, *values, rate, red_orange]


def _hazard_rows(hazards: list, today: date, *, overdue: bool) -> list[list]:
    rows = []
    for n, h in enumerate(hazards, 1):
        row = [n, h.enterprise.name, h.description, h.get_level_display(), f"{h.deadline:%Y-%m-%d}"]
        row.append(f"{(today - h.deadline).days}天" if overdue else h.get_state_display())
        rows.append(row)
    return rows


def report_docx(report: dict) -> io.BytesIO:
    doc = new_document()
    period, today = report["period"], report["today"]
    subtitle = f"（{cn_day(period.start)}至{cn_day(report['as_of'])}）"
    add_title(doc, report["title"], subtitle)
    sections = iter(SECTIONS)
    add_heading(doc, f"{next(sections)}、隐患排查治理情况")
    add_text(doc, hazard_sentences(report))
    add_heading(doc, f"{next(sections)}、企业“五星五色”评定情况")
    add_text(doc, rating_sentences(report))
    ratings = report["ratings"]
    days = [f"上月末（{ratings['before_on']:%m-%d}）", f"本月末（{ratings['as_of']:%m-%d}）", "增减"]
    rated = ratings["rated"]
    total = ["合计", rated["before"]["value"], rated["now"]["value"], rated["change"]["text"]]
    add_table(doc, ["风险颜色", *days], _rating_rows(ratings["colours"]), total=total, numbers={1, 2, 3})
    add_text(doc, "")
    add_table(doc, ["安全星级", *days], _rating_rows(ratings["stars"]), total=total, numbers={1, 2, 3})
    if report["zones"]:
        add_heading(doc, f"{next(sections)}、各园区情况")
        headers = ["园区", "发现隐患", "其中重大", "整改验收", "到期未按期整改", "逾期未整改", "按期整改率"]
        rows = [_zone_row(z["unit"].name, z["hazards"], z["colours"]) for z in report["zones"]]
        total = _zone_row("合计", report["hazards"], report["total_colours"])
        add_table(doc, [*headers, "红橙色企业"], rows, total=total, numbers={1, 2, 3, 4, 5, 6, 7})
    add_heading(doc, f"{next(sections)}、重大隐患未整改清单")
    if report["open_major"]:
        headers = ["序号", "企业", "隐患描述", "等级", "整改期限", "状态"]
        add_table(doc, headers, _hazard_rows(report["open_major"], today, overdue=False), numbers={0})
    else:
        add_text(doc, "无。")
    add_heading(doc, f"{next(sections)}、逾期未整改隐患清单")
    if report["open_overdue"]:
        headers = ["序号", "企业", "隐患描述", "等级", "整改期限", "逾期"]
        add_table(doc, headers, _hazard_rows(report["open_overdue"], today, overdue=True), numbers={0, 5})
    else:
        add_text(doc, "无。")
    add_text(doc, f"（本报告由园企通于{cn_day(today)}生成。）")
    return saved(doc)


def export_month_report(
    unit: Unit, year: int, month: int, *, by: Actor, today: date | None = None
) -> tuple[str, io.BytesIO]:
    """The month's report of a unit the actor may export safety records of (file name, content); an Event."""
    ensure_can(by, "safety.export", unit)
    with translation.override("zh-hans"):  # colour, level and state names in Chinese, as the document is
        report = month_report(by.user, unit, year, month, today=today)
        out = report_docx(report)
    after = {"unit": unit.pk, "year": year, "month": month, "format": "docx"}
    with transaction.atomic():
        record(by, "safety.report_exported", None, unit=unit, after=after)
    return f"{report['title'].replace(' ', '')}.docx".replace("/", "-"), out
