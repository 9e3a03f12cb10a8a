"""Every recruitment write records exactly one Event about the record it changed, with the actor."""

import io
from datetime import date

import xlsxwriter

from zonedesk.demands import services as demand_services
from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.models import Event
from zonedesk.recruitment import fairs, services
from zonedesk.recruitment.importing import import_postings
from zonedesk.recruitment.states import FairKind
from zonedesk.recruitment.verbs import VERBS

from .conftest import posting_data


def test_every_write_records_one_event_and_every_verb_is_written(officer_a, enterprise, zone_a, on_day):
    on_day(date(2025, 1, 20))
    seen = []

    def expect(verb, obj):
        new = list(Event.objects.filter(pk__gt=max([0, *[e.pk for e in seen]])).order_by("pk"))
        assert [(e.verb, e.object_id, e.actor) for e in new] == [(verb, str(obj.pk), officer_a.user)]
        seen.extend(new)

    posting = services.publish_posting(officer_a, enterprise, posting_data(count=5))
    expect("posting.published", posting)
    expect("posting.updated", services.update_posting(officer_a, posting, {"count": 6}))
    posting, _hire = services.record_hires(officer_a, posting, 2)
    expect("posting.hires_recorded", posting)
    other = services.publish_posting(officer_a, enterprise, posting_data(position="焊工"))
    expect("posting.published", other)
    expect("posting.closed", services.close_posting(officer_a, other))
    data = {"unit": zone_a, "name": "新春招聘会", "kind": FairKind.ON_SITE, "held_on": "2025-01-25", "place": "园区"}
    fair = fairs.create_fair(officer_a, data)
    expect("fair.created", fair)
    participant = fairs.add_participant(officer_a, fair, enterprise)
    expect("fair.participant_added", fair)
    fairs.show_postings(officer_a, participant, [posting])
    expect("fair.postings_changed", fair)
    labour = DemandCategory.objects.get(unit=None, name="用工")
    demand = demand_services.submit_demand(officer_a, enterprise, category=labour, title="缺普工")
    seen.extend(Event.objects.filter(verb="demand.submitted"))
    fairs.invite_to_fair(officer_a, demand, fair)
    expect("demand.invited_to_fair", demand)
    on_day(date(2025, 1, 26))
    expect("fair.held", fairs.mark_held(officer_a, fair))
    expect("fair.results_recorded", fairs.record_results(officer_a, fair, views=10))
    spare = fairs.create_fair(officer_a, data)
    expect("fair.created", spare)
    expect("fair.cancelled", fairs.cancel_fair(officer_a, spare, "合并举办"))
    header = ["企业名称", "岗位", "人数", "联系人", "联系电话"]
    imported = import_postings(
        io.BytesIO(_sheet([header, [enterprise.name, "电工", 2, "王经理", "13812348000"]])), by=officer_a
    )
    new = list(Event.objects.filter(pk__gt=max(e.pk for e in seen)).order_by("pk"))
    assert imported.created == 1 and [(e.verb, e.channel) for e in new] == [
        ("posting.published", "import"),
        ("posting.import_completed", "import"),
    ]
    seen.extend(new)
    assert {e.verb for e in seen} - {"demand.submitted"} == set(VERBS)


def _sheet(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    book.close()
    return out.getvalue()
