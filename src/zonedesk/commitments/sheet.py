"""The commitment sheet of one project (履约情况表) as a Word document: the agreement, each promise with what the
system holds and its status, and the zone's own promises. The export is an Event."""

import io
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from zonedesk.common.amounts import format_wan
from zonedesk.common.word import add_heading, add_table, add_text, add_title, new_document, saved
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from .queries import Row, agreement_row
from .status import DATE_ITEMS, Item, Result, Status


def cn_day(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def shown(result: Result, value) -> str:
    """A promise or an actual as the sheet writes it: a date, an amount in 万元/亿元, a figure per mu, people."""
    if value is None:
        return "—"
    if result.item in DATE_ITEMS:
        return cn_day(value)
    if result.item in (Item.INTENSITY, Item.TAX_PER_MU):
        return f"{Decimal(value):,.2f}万元/亩"
    if result.item == Item.JOBS:
        return f"{value}人"
    return format_wan(Decimal(value))


def summary(row: Row) -> str:
    """共N项承诺，已履约a项，未履约b项，有风险c项，正常推进d项，未到期e项，待报数据f项。"""
    counts = {s: sum(r.status == s for r in row.results) for s in Status.values}
    words = [
        (Status.MET, "已履约"),
        (Status.MISSED, "未履约"),
        (Status.AT_RISK, "有风险"),
        (Status.ON_TRACK, "正常推进"),
        (Status.NOT_DUE, "未到期"),
        (Status.AWAITING, "待报数据"),
    ]
    parts = [f"{label}{counts[s]}项" for s, label in words if counts[s]]
    return f"协议共{len(row.results)}项承诺" + ("，" + "，".join(parts) if parts else "") + "。"


def sheet_title(row: Row) -> str:
    return f"{row.agreement.project.name}履约情况表"


def sheet_docx(row: Row, today: date) -> io.BytesIO:
    agreement, project = row.agreement, row.agreement.project
    doc = new_document()
    add_title(doc, sheet_title(row), f"（截至{cn_day(today)}）")
    add_heading(doc, "一、项目及协议基本情况")
    facts = [
        ("项目名称", project.name),
        ("投资方", project.investor_name or "—"),
        ("所属园区", agreement.unit.name),
        ("项目阶段", str(project.get_stage_display())),
        ("落地企业", project.enterprise.name if project.enterprise else "未关联"),
        ("协议编号", agreement.number or "—"),
        ("协议签订日期", cn_day(agreement.signed_on)),
        ("约定用地", f"{agreement.land_mu}亩" if agreement.land_mu else "—"),
    ]
    for label, value in facts:
        add_text(doc, value, label=label)
    add_heading(doc, "二、投资方承诺履约情况")
    add_text(doc, summary(row))
    if row.results:
        headers = ["序号", "履约事项", "协议约定", "实际情况", "数据来源", "到期日", "状态"]
        rows = [
            [n, str(r.label), shown(r, r.promised), shown(r, r.actual), r.source, cn_day(r.due_on), r.status_label]
            for n, r in enumerate(row.results, 1)
        ]
        add_table(doc, headers, rows, numbers={0})
    else:
        add_text(doc, "协议未填写可考核的承诺事项。")
    add_heading(doc, "三、园区承诺兑现情况")
    if row.promises:
        headers = ["序号", "类别", "承诺内容", "约定完成日期", "实际完成日期", "状态"]
        rows = [
            [n, str(p.get_kind_display()), p.description, cn_day(p.due_on), cn_day(p.done_on), p.status_label]
            for n, p in enumerate(row.promises, 1)
        ]
        add_table(doc, headers, rows, numbers={0})
    else:
        add_text(doc, "协议未载明园区承诺事项。")
    if agreement.note:
        add_heading(doc, "四、备注")
        add_text(doc, agreement.note)
    add_text(doc, f"（本表由园企通于{cn_day(timezone.localdate())}生成。）")
    return saved(doc)


def export_sheet(pk: int, *, by: Actor) -> tuple[str, io.BytesIO]:
    """The sheet of an agreement in the actor's scope (Agreement.DoesNotExist outside it): file name and content;
    an Event on the agreement."""
    today = timezone.localdate()
    with translation.override("zh-hans"):  # the statuses and stages in Chinese, as the document is
        row = agreement_row(by.user, pk, today)
        ensure_can(by, "commitment.view", row.agreement.unit)
        out = sheet_docx(row, today)
    with transaction.atomic():
        record(by, "agreement.sheet_exported", row.agreement)
    return f"{sheet_title(row)}.docx".replace("/", "-"), out
