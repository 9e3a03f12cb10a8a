"""What a demand's page needs to answer a labour demand with a job fair: the upcoming fairs the user may invite to,
and the demand's invitations so far."""

from django.utils import timezone

from zonedesk.demands.models import Demand
from zonedesk.orgs.models import Unit
from zonedesk.orgs.permissions import can

from .fairs import DEMAND_CLOSED, is_labour_demand
from .models import FairInvitation, JobFair
from .states import FairStatus


def upcoming_fairs(user):
    """Planned fairs from today on, of the units where the user organises fairs, soonest first."""
    fairs = JobFair.objects.visible_to(user).filter(status=FairStatus.PLANNED, held_on__gte=timezone.localdate())
    units = Unit.objects.filter(pk__in=fairs.values("unit"))
    allowed = [u.pk for u in units if can(user, "recruitment.fair", u)]
    return fairs.filter(unit__in=allowed).order_by("held_on", "pk")


def invitation_panel(user, demand: Demand) -> dict:
    """The demand page's "invite to a job fair" panel: shown for a labour demand to users who organise fairs."""
    if not can(user, "recruitment.fair") or not is_labour_demand(demand):
        return {"show": False}
    invited = FairInvitation.objects.visible_to(user).filter(demand=demand).select_related("fair")
    fairs = upcoming_fairs(user).exclude(pk__in=invited.values("fair"))
    return {
        "show": True,
        "demand": demand,
        "invitations": list(invited.order_by("pk")),
        "fairs": list(fairs),
        "is_closed": demand.state in DEMAND_CLOSED,
    }
