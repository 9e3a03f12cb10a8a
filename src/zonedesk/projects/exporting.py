"""The Excel export of exactly the projects the list filter shows; the export itself is an Event."""

from django.db import transaction
from django.utils import translation

from zonedesk.common.excel import write_xlsx
from zonedesk.orgs.audit import Actor, jsonable, record
from zonedesk.orgs.permissions import ensure_can

from .models import Project
from .queries import ProjectFilter, project_list
from .stages import Kind

HEADERS = [
    "项目名称",
    "所属单位",
    "阶段",
    "投资方",
    "总投资",
    "总投资(万元)",
    "协议投资(万元)",
    "到资(万元)",
    "完成投资(万元)",
    "行业",
    "来源",
    "负责人",
    "重点级别",
    "线索日期",
    "签约日期",
    "开工日期",
    "投产日期",
    "达产日期",
]


def _row(p: Project) -> list:
    return [
        p.name,
        p.unit.name,
        p.get_stage_display(),
        p.investor_name,
        p.investment_text,
        p.total_investment_wan,
        p.contracted_investment_wan,
        p.funds_in_place_wan,
        p.investment_completed_wan,
        str(p.industry or ""),
        p.get_source_display(),
        str(p.officer or ""),
        p.get_key_level_display() if p.key_level else "",
        p.lead_on,
        p.signed_on,
        p.started_on,
        p.producing_on,
        p.at_capacity_on,
    ]


FACILITY_HEADERS = [
    "项目名称",
    "所属单位",
    "阶段",
    "建设单位",
    "责任部门",
    "总投资",
    "总投资(万元)",
    "完成投资(万元)",
    "负责人",
    "重点级别",
    "计划(立项)日期",
    "开工日期",
    "竣工日期",
    "投用日期",
]


def _facility_row(p: Project) -> list:
    return [
        p.name,
        p.unit.name,
        p.get_stage_display(),
        p.builder,
        str(p.owner_department or ""),
        p.investment_text,
        p.total_investment_wan,
        p.investment_completed_wan,
        str(p.officer or ""),
        p.get_key_level_display() if p.key_level else "",
        p.lead_on,
        p.started_on,
        p.completed_on,
        p.in_use_on,
    ]


def export_projects(f: ProjectFilter, *, by: Actor):
    """An .xlsx of the filtered projects, one row each, in the list's order (facilities with their own columns)."""
    ensure_can(by, "project.export")
    qs = project_list(by.user, f)
    facilities = f.kind == Kind.FACILITY
    if facilities:
        qs = qs.select_related("owner_department")
    written = 0

    def rows():
        nonlocal written
        for p in qs.iterator(chunk_size=2000):
            written += 1
            yield _facility_row(p) if facilities else _row(p)

    with translation.override("zh-hans"):  # Chinese headers, so Chinese stage and source names
        headers, sheet = (FACILITY_HEADERS, "配套设施项目") if facilities else (HEADERS, "招商项目")
        out = write_xlsx(headers, rows(), sheet=sheet)
    filters = {k: jsonable(v) for k, v in f.__dict__.items()}
    with transaction.atomic():
        record(by, "project.exported", None, unit=by.user.home_unit, after={"filter": filters, "rows": written})
    return out
