"""A job fair's report (招聘会情况报告) as a Word document: who organised it, when and where, the figures the articles
quote in one paragraph, and the participants with the postings they showed and their results, totals added up from
the same rows. The export is an Event."""

import io
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation

from zonedesk.common.word import add_heading, add_table, add_text, add_title, new_document, saved
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.permissions import ensure_can

from .models import JobFair, JobPosting
from .queries import fair_figures, participant_list
from .states import FairKind, FairStatus

# The figures of the paragraph, in the articles' order, each with its words (None: not recorded, left out).
SENTENCE = [
    ("participants", "参会企业{}家"),
    ("positions", "发布岗位{}个"),
    ("views", "点击量{}人次"),
    ("applications", "收到简历{}份"),
    ("visitors", "求职人数{}人次"),
    ("intents", "达成初步意向{}人"),
    ("hires", "录用{}人"),
]


def report_title(fair: JobFair) -> str:
    return f"{fair.name}情况报告"


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def fair_report(user, fair: JobFair) -> dict:
    """The fair, its figures (as its page counts them) and its participants in the order they joined, each with
    the postings it shows and their positions."""
    shown = Prefetch("postings", queryset=JobPosting.objects.visible_to(user).order_by("pk"), to_attr="shown")
    participants = list(participant_list(user, fair=fair).prefetch_related(shown))
    for p in participants:
        p.positions = sum(s.count for s in p.shown)
    figures = {name: f["value"] for name, f in fair_figures(user, fair).items()}
    return {"fair": fair, "title": report_title(fair), "figures": figures, "participants": participants}


def opening(fair: JobFair) -> str:
    """When, by whom, where (or streamed) the fair was held, or is to be."""
    day, place = cn_day(fair.held_on), f"在{fair.place}" if fair.place and fair.kind != FairKind.LIVE else ""
    if fair.status == FairStatus.HELD:
        text = f"{day}，{fair.organiser}{place}举办{fair.name}"
    else:
        text = f"{fair.organiser}计划于{day}{place}举办{fair.name}"
    if fair.kind == FairKind.LIVE:
        text += "，以网络直播形式进行" + (f"，直播地点为{fair.place}" if fair.place else "")
    text += "。"
    if fair.status == FairStatus.CANCELLED:
        text += f"该招聘会已取消（原因：{fair.cancel_reason}）。"
    return text


def trades(participants: list) -> int:
    """The kinds of work (工种) the fair offered: the distinct positions of the postings shown."""
    return len({s.position.strip() for p in participants for s in p.shown})


def figures_sentence(figures: dict, trade_count: int = 0) -> str:
    """参会企业X家，发布岗位Y个（涉及N个工种），点击量Z人次，收到简历W份，求职人数V人次，达成初步意向U人，录用T人。"""
    parts = []
    for key, words in SENTENCE:
        if figures.get(key) is None:
            continue
        part = words.format(figures[key])
        if key == "positions" and trade_count:
            part += f"（涉及{trade_count}个工种）"
        parts.append(part)
    text = "，".join(parts) + "。"
    if figures.get("top_salary"):
        text += f"最高岗位月薪{figures['top_salary']}元。"
    return text


def _dash(value) -> str:
    return "—" if value is None else str(value)


def participant_rows(participants: list) -> list[list]:
    rows = []
    for n, p in enumerate(participants, 1):
        postings = "、".join(f"{s.position}（{s.count}人）" for s in p.shown) or "—"
        values = [p.positions, _dash(p.applications), _dash(p.intents), _dash(p.hires)]
        rows.append([n, p.enterprise.name, postings, *values])
    return rows


def report_docx(report: dict) -> io.BytesIO:
    fair, figures = report["fair"], report["figures"]
    doc = new_document()
    add_title(doc, report["title"])
    add_heading(doc, "一、基本情况")
    add_text(doc, opening(fair))
    facts = [
        ("主办单位", fair.organiser + (f"（{fair.unit.name}登记）" if fair.alliance else "")),
        ("举办日期", cn_day(fair.held_on)),
        ("举办形式", str(fair.get_kind_display())),
        ("举办地点", fair.place or "—"),
    ]
    if fair.stream_url:
        facts.append(("直播地址", fair.stream_url))
    for label, value in facts:
        add_text(doc, value, label=label)
    add_heading(doc, "二、招聘成效")
    trade_count = trades(report["participants"])
    if fair.status == FairStatus.HELD:
        add_text(doc, figures_sentence(figures, trade_count))
        if fair.results_recorded_on is None:
            add_text(doc, "招聘会成效数据尚未录入。")
    elif fair.status == FairStatus.CANCELLED:
        add_text(doc, "招聘会已取消。")
    else:
        add_text(doc, f"目前已有{figures['participants']}家企业报名参会，发布岗位{figures['positions']}个。")
    add_heading(doc, "三、参会企业及岗位情况")
    if report["participants"]:
        headers = ["序号", "企业", "展示岗位（人数）", "岗位数", "收到简历", "初步意向", "录用"]
        total = [
            "合计",
            f"{figures['participants']}家",
            f"{trade_count}个工种",
            *(_dash(figures[k]) for k in ("positions", "applications", "intents", "hires")),
        ]
        add_table(doc, headers, participant_rows(report["participants"]), total=total, numbers={0, 3, 4, 5, 6})
    else:
        add_text(doc, "暂无参会企业。")
    add_text(doc, f"（本报告由园企通于{cn_day(timezone.localdate())}生成。）")
    return saved(doc)


def export_fair_report(fair_pk: int, *, by: Actor) -> tuple[str, io.BytesIO]:
    """The report of a fair in the actor's scope (JobFair.DoesNotExist outside it): file name and content; an
    Event on the fair."""
    fair = JobFair.objects.visible_to(by.user).select_related("unit").get(pk=fair_pk)
    ensure_can(by, "recruitment.view", fair.unit)
    with translation.override("zh-hans"):  # the kind's name in Chinese, as the document is
        report = fair_report(by.user, fair)
        out = report_docx(report)
    with transaction.atomic():
        record(by, "fair.report_exported", fair)  # nothing more: the verb says it all on the fair's timeline
    return f"{report['title']}.docx".replace("/", "-"), out
