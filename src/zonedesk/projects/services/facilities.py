"""The zone's own construction projects (配套设施): recorded as planned, then moved with the facility stages."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.common.errors import Rejected
from zonedesk.orgs.audit import Actor, record, snapshot
from zonedesk.orgs.models import UnitKind
from zonedesk.orgs.permissions import ensure_can

from ..models import Project, StageMove
from ..stages import FIRST_STAGE, Kind
from .lifecycle import FACILITY_EDITABLE, _clean, _moment, _past_date, same_facility


@transaction.atomic(durable=True)
def create_facility(
    by: Actor,
    *,
    unit,
    name: str,
    builder: str = "",
    owner_department=None,
    investment: str = "",
    description: str = "",
    officer=None,
    key_level: str = "",
    planned_on=None,
    next_steps: str = "",
) -> Project:
    """Record one of the zone's facilities (质检中心, 邻里中心, 九通一平 …) as planned (立项) on a date."""
    ensure_can(by, "project.create")
    if not unit:
        raise Rejected("unit", _("This field is required."))
    data = {
        "name": name,
        "unit": unit,
        "builder": builder,
        "owner_department": owner_department,
        "investment": investment or "",
        "description": description,
        "officer": officer,
        "key_level": key_level,
        "next_steps": next_steps,
    }
    values = _clean(data, by, kind=Kind.FACILITY)
    if not values.get("name"):
        raise Rejected("name", _("Enter the project's name."))
    if values["unit"].kind != UnitKind.ZONE:
        raise Rejected("unit", _("A facility belongs to a zone: choose the zone that builds it."))
    ensure_can(by, "project.create", values["unit"])
    if same_facility(values["unit"], values["name"]).exists():
        raise Rejected("name", _("The zone already has a facility of this name."))
    planned_on = _past_date(planned_on or timezone.localdate(), "planned_on")
    values["officer"] = values.get("officer") or by.user
    stage = FIRST_STAGE[Kind.FACILITY]
    project = Project.objects.create(
        **values, kind=Kind.FACILITY, stage=stage, lead_on=planned_on, last_moved_at=_moment(planned_on)
    )
    after = {**snapshot(project, FACILITY_EDITABLE), "kind": Kind.FACILITY, "on": planned_on}  # "on": the planned date
    event = record(by, "project.facility_created", project, after=after)
    StageMove.objects.create(
        project=project,
        unit=project.unit,
        to_stage=stage,
        on=planned_on,
        event=event,
        investment_wan=project.total_investment_wan,
    )
    return project
