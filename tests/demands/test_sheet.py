"""一企一清单: the Word document of one enterprise's demands, for the users who can see the enterprise."""

import io

from django.urls import reverse
from docx import Document

from zonedesk.demands.states import State
from zonedesk.orgs.models import Event

from ..conftest import client_for


def _text(response) -> str:
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_sheet_opens_and_lists_the_enterprise_and_each_demand(officer_a, make_demand, enterprise, leader):
    enterprise.linked_leader = leader.user
    enterprise.service_officer = officer_a.user
    enterprise.save(update_fields=["linked_leader", "service_officer"])
    make_demand(State.SUBMITTED, title="春节后普工缺口")
    make_demand(State.CONFIRMED, title="二期用地指标")
    response = client_for(officer_a).get(reverse("demand_io:sheet", args=[enterprise.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = _text(response)
    assert enterprise.name in text and enterprise.uscc in text
    assert "春节后普工缺口" in text and "二期用地指标" in text
    assert str(leader.user) in text and str(officer_a.user) in text
    assert "诉求总数 2" in text and "未办结 1" in text and "已解决 1" in text
    assert Event.objects.filter(verb="demand.exported", enterprise_id=enterprise.pk).count() == 1


def test_the_sheet_of_an_enterprise_without_demands_still_opens(officer_a, other_enterprise):
    response = client_for(officer_a).get(reverse("demand_io:sheet", args=[other_enterprise.pk]))
    assert response.status_code == 200
    assert other_enterprise.name in _text(response)


def test_zone_b_officer_gets_404(officer_b, enterprise, make_demand):
    make_demand()
    assert client_for(officer_b).get(reverse("demand_io:sheet", args=[enterprise.pk])).status_code == 404


def test_an_enterprise_user_gets_their_own_sheet_and_no_other(enterprise_user, enterprise, other_enterprise):
    client = client_for(enterprise_user)
    assert client.get(reverse("demand_io:sheet", args=[enterprise.pk])).status_code == 200
    assert client.get(reverse("demand_io:sheet", args=[other_enterprise.pk])).status_code == 404
