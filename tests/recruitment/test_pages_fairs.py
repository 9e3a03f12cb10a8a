"""The staff fair pages: the list, setting one up, its page with participants, postings and figures that add up, the
organiser's actions (results all-or-nothing with the bad row named), and the invitation from a labour demand."""

from datetime import date

import pytest
from django.urls import reverse

from zonedesk.demands import services as demand_services
from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.models import Event
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.models import FairInvitation, FairParticipant, JobFair
from zonedesk.recruitment.queries import participant_list
from zonedesk.recruitment.states import FairKind, FairStatus

from ..conftest import client_for
from .conftest import posting_data

JAN_30 = date(2025, 1, 30)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def shown(officer_a, enterprise, other_enterprise, fair):
    p1 = services.publish_posting(officer_a, enterprise, posting_data(position="普工", count=50, salary_max=7000))
    p2 = services.publish_posting(officer_a, other_enterprise, posting_data(position="技术员", count=20))
    fairs.add_participant(officer_a, fair, enterprise, postings=[p1])
    fairs.add_participant(officer_a, fair, other_enterprise, postings=[p2])
    return p1, p2


@pytest.fixture
def held(officer_a, fair, shown, on_day):
    on_day(JAN_30)
    return fairs.mark_held(officer_a, fair, version=fair.version)


def results_post(fair, participants, rows, **extra) -> dict:
    data = {"version": fair.version, "views": "50,000", "visitors": "300", **extra}
    for p, (applications, intents, hires) in zip(participants, rows, strict=True):
        data |= {f"p{p.pk}_applications": applications, f"p{p.pk}_intents": intents, f"p{p.pk}_hires": hires}
    return data


def test_the_fair_list_shows_the_zones_fairs_with_their_totals(officer_a, fair, shown):
    page = client_for(officer_a).get(reverse("recruitment:fairs"))
    assert page.status_code == 200
    (row,) = page.context["rows"]
    assert row["f"] == fair and (row["f"].participant_count, row["f"].positions) == (2, 70)
    assert "2025年新春直播招聘会" in html(page)
    assert client_for(officer_a).get(reverse("recruitment:fairs"), {"status": "held"}).context["rows"] == []


def test_the_officer_sets_up_a_fair(officer_a, zone_a):
    client = client_for(officer_a)
    assert client.get(reverse("recruitment:fair_create")).status_code == 200
    data = {
        "name": "春风行动招聘专场",
        "kind": FairKind.ON_SITE,
        "held_on": "2025-02-05",
        "unit": zone_a.pk,
        "place": "高铁新城党建工作站",
    }
    resp = client.post(reverse("recruitment:fair_create"), data)
    fair = JobFair.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("recruitment:fair", args=[fair.pk])
    assert (fair.kind, fair.place, fair.unit) == (FairKind.ON_SITE, "高铁新城党建工作站", zone_a)


def test_an_on_site_fair_without_a_place_is_refused_on_the_field(officer_a, zone_a):
    data = {"name": "春风行动", "kind": FairKind.ON_SITE, "held_on": "2025-02-05", "unit": zone_a.pk}
    resp = client_for(officer_a).post(reverse("recruitment:fair_create"), data)
    assert resp.status_code == 422 and resp.context["form"].errors["place"]
    assert not JobFair.objects.exists()


def test_the_fair_page_shows_participants_postings_and_the_organisers_forms(officer_a, fair, shown):
    page = client_for(officer_a).get(reverse("recruitment:fair", args=[fair.pk]))
    assert page.status_code == 200
    text = html(page)
    assert "江苏国阳智能装备有限公司" in text and "普工" in text and "技术员" in text
    assert 'id="form-participant"' in text and 'id="form-cancel"' in text
    figures = {c["key"]: c for c in page.context["figures"]}
    assert figures["positions"]["value"] == 70
    assert figures["positions"]["link"] == f"{reverse('recruitment:postings')}?fair={fair.pk}"
    listed = client_for(officer_a).get(figures["positions"]["link"])
    assert sum(r["p"].count for r in listed.context["rows"]) == 70


def test_adding_an_enterprise_shows_its_open_postings(officer_a, fair, third_enterprise):
    posting = services.publish_posting(officer_a, third_enterprise, posting_data(position="挡车工", count=40))
    url = reverse("recruitment:participants", args=[fair.pk])
    resp = client_for(officer_a).post(url, {"enterprise": third_enterprise.pk, "all_open": "on"})
    assert resp.status_code == 302
    participant = FairParticipant.objects.get(fair=fair)
    assert list(participant.postings.all()) == [posting]


def test_changing_the_postings_a_participant_shows(officer_a, fair, shown, enterprise):
    extra = services.publish_posting(officer_a, enterprise, posting_data(position="焊工", count=5))
    participant = FairParticipant.objects.get(fair=fair, enterprise=enterprise)
    url = reverse("recruitment:show_postings", args=[fair.pk, participant.pk])
    assert client_for(officer_a).post(url, {"postings": [extra.pk]}).status_code == 302
    assert list(participant.postings.all()) == [extra]


def test_results_recorded_through_the_page_add_up_to_the_fairs_figures(officer_a, held):
    participants = list(participant_list(officer_a.user, fair=held))
    data = results_post(held, participants, [("200", "80", "30"), ("150", "60", "")])
    client = client_for(officer_a)
    assert client.post(reverse("recruitment:results", args=[held.pk]), data).status_code == 302
    page = client.get(reverse("recruitment:fair", args=[held.pk]))
    figures = {c["key"]: c["value"] for c in page.context["figures"]}
    rows = page.context["participants"]
    for name in ("applications", "intents", "hires"):
        assert figures[name] == sum(getattr(p, name) or 0 for p in rows)
    assert (figures["applications"], figures["intents"], figures["hires"]) == (350, 140, 30)
    assert (figures["views"], figures["visitors"]) == (50000, 300)
    assert 'data-total="applications">350<' in html(page)


def test_a_bad_row_is_named_and_nothing_is_written(officer_a, held):
    participants = list(participant_list(officer_a.user, fair=held))
    data = results_post(held, participants, [("200", "80", "30"), ("150", "很多", "12")])
    resp = client_for(officer_a).post(reverse("recruitment:results", args=[held.pk]), data)
    assert resp.status_code == 422
    form = resp.context["forms"]["results"]
    assert list(form.errors) == [f"p{participants[1].pk}_intents"]
    assert 'class="form-control form-control-sm is-invalid"' in html(resp)
    assert not FairParticipant.objects.filter(applications__isnull=False).exists()
    held.refresh_from_db()
    assert held.views is None and not Event.objects.filter(verb="fair.results_recorded").exists()


def test_a_stale_results_form_is_a_409(officer_a, held):
    participants = list(participant_list(officer_a.user, fair=held))
    data = results_post(held, participants, [("1", "1", "1"), ("1", "1", "1")])
    client = client_for(officer_a)
    assert client.post(reverse("recruitment:results", args=[held.pk]), data).status_code == 302
    assert client.post(reverse("recruitment:results", args=[held.pk]), data).status_code == 409


def test_marking_held_and_cancelling_through_the_page(officer_a, fair, on_day, zone_a):
    client = client_for(officer_a)
    on_day(date(2025, 1, 20))
    early = client.post(reverse("recruitment:held", args=[fair.pk]), {"version": fair.version})
    assert early.status_code == 422
    on_day(JAN_30)
    assert client.post(reverse("recruitment:held", args=[fair.pk]), {"version": fair.version}).status_code == 302
    fair.refresh_from_db()
    assert fair.status == FairStatus.HELD
    other = fairs.create_fair(
        officer_a,
        {"unit": zone_a, "name": "夏季专场", "kind": FairKind.LIVE, "held_on": "2025-06-01", "place": "直播间"},
    )
    resp = client.post(reverse("recruitment:cancel", args=[other.pk]), {"version": other.version, "reason": "暴雨"})
    assert resp.status_code == 302
    other.refresh_from_db()
    assert other.status == FairStatus.CANCELLED and other.cancel_reason == "暴雨"


def test_another_zone_and_an_enterprise_user_find_no_fair_page(officer_b, enterprise_user, fair):
    assert client_for(officer_b).get(reverse("recruitment:fair", args=[fair.pk])).status_code == 404
    assert client_for(officer_b).post(reverse("recruitment:cancel", args=[fair.pk]), {"reason": "x"}).status_code == 404
    assert client_for(enterprise_user).get(reverse("recruitment:fair", args=[fair.pk])).status_code == 404
    assert client_for(enterprise_user).get(reverse("recruitment:fairs")).status_code == 404


# --- the invitation from a labour demand's page -------------------------------------------------


@pytest.fixture
def labour_demand(officer_a, enterprise):
    labour = DemandCategory.objects.get(unit=None, name="用工")
    return demand_services.submit_demand(officer_a, enterprise, category=labour, title="春节后普工缺口约80人")


def test_a_labour_demand_invites_its_enterprise_to_an_upcoming_fair(officer_a, labour_demand, fair, enterprise):
    posting = services.publish_posting(officer_a, enterprise, posting_data(count=80))
    client = client_for(officer_a)
    page = client.get(reverse("demands:detail", args=[labour_demand.pk]))
    assert 'id="form-invite"' in html(page) and fair.name in html(page)
    resp = client.post(reverse("recruitment:invite", args=[labour_demand.pk]), {"fair": fair.pk})
    assert resp.status_code == 302 and resp.url == reverse("demands:detail", args=[labour_demand.pk])
    invitation = FairInvitation.objects.get()
    assert (invitation.demand, invitation.fair, invitation.participant.enterprise) == (labour_demand, fair, enterprise)
    assert list(invitation.participant.postings.all()) == [posting]  # it shows its open postings there
    page = client.get(reverse("demands:detail", args=[labour_demand.pk]))
    assert f'href="{reverse("recruitment:fair", args=[fair.pk])}"' in html(page)


def test_the_invitation_is_not_offered_on_other_demands_nor_to_users_who_do_not_organise(
    officer_a, enterprise, labour_demand, fair, handler
):
    finance = DemandCategory.objects.get(unit=None, name="融资")
    other = demand_services.submit_demand(officer_a, enterprise, category=finance, title="流动资金贷款")
    assert 'id="fair-invitation"' not in html(client_for(officer_a).get(reverse("demands:detail", args=[other.pk])))
    resp = client_for(officer_a).post(reverse("recruitment:invite", args=[other.pk]), {"fair": fair.pk})
    assert resp.status_code == 302 and not FairInvitation.objects.exists()


def test_zone_b_cannot_invite_zone_as_demand(officer_b, labour_demand, fair):
    resp = client_for(officer_b).post(reverse("recruitment:invite", args=[labour_demand.pk]), {"fair": fair.pk})
    assert resp.status_code == 404 and not FairInvitation.objects.exists()
