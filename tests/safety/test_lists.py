"""The zone's saved lists (五张清单): the default lists made once, each list's count equal to its rows and to its
export's rows, the services with their Events and refusals, scoping (another zone, an enterprise user: 404), the
formula-safe export with masked mobiles, and 25 rows a page."""

import io
import zipfile
from datetime import date

import pytest

from zonedesk.common.errors import Forbidden, Rejected
from zonedesk.common.excel import read_rows
from zonedesk.orgs.models import Event
from zonedesk.safety import config, lists, services
from zonedesk.safety.list_queries import run_list
from zonedesk.safety.models import SavedList
from zonedesk.safety.states import HazardLevel, HazardState

from ..conftest import client_for
from ..factories import EnterpriseFactory
from .conftest import actor_of

FOUND_ON = date(2025, 3, 3)
TODAY = date(2025, 4, 30)


@pytest.fixture
def zone_data(
    on_day, make_hazard, safety_officer, leader, admin_a, dust, enterprise, other_enterprise, zone_a, enterprise_b
):
    """Zone A: `enterprise` (六涉, red, a major and a general hazard open and overdue, one accepted), `other_enterprise`
    (orange, inspected yesterday), a green enterprise never inspected; zone B's enterprise red."""
    on_day(FOUND_ON)
    major = make_hazard(level=HazardLevel.MAJOR, description="粉尘除尘系统未接地")
    general = make_hazard(description="消防通道堵塞")
    make_hazard(HazardState.ACCEPTED, description="配电箱未接地")
    on_day(TODAY)
    services.update_profile(
        safety_officer, enterprise, categories=[dust], responsible_person="=1+1", responsible_mobile="13812348000"
    )
    green = EnterpriseFactory(name="射阳绿色食品有限公司", unit=zone_a)
    for ent, colour in ((enterprise, "red"), (other_enterprise, "orange"), (green, "green")):
        services.rate(leader, ent, stars=3, colour=colour, reason="年度评定")
    services.record_inspection(
        safety_officer, other_enterprise, findings="例行检查，未发现隐患", inspected_on=date(2025, 4, 29)
    )
    officer_b = _officer_b(enterprise_b)
    services.rate(officer_b, enterprise_b, stars=2, colour="red", reason="年度评定")
    lists.ensure_default_lists(zone_a)
    return {"major": major, "general": general, "green": green}


def _officer_b(enterprise_b):
    return actor_of(enterprise_b.unit, "leader", "leader_b")


def _default(zone, key) -> SavedList:
    return SavedList.objects.get(unit=zone, default_key=key)


def _export_rows(response) -> list[list]:
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    return rows[2:]  # the title, then the headers


def test_a_zone_gets_its_default_lists_once(zone_a, admin_a):
    created = lists.ensure_default_lists(zone_a)
    assert [s.name for s in created] == ["涉及“六涉”企业", "重大隐患未整改", "红橙色企业", "逾期隐患", "待检查企业"]
    assert lists.ensure_default_lists(zone_a) == []
    lists.delete_list(admin_a, created[0])
    assert lists.ensure_default_lists(zone_a) == []  # a deleted default does not come back
    assert SavedList.objects.filter(unit=zone_a).count() == 5
    assert Event.objects.filter(verb="safety.list_created").count() == 5


def test_the_lists_page_makes_the_defaults_once(zone_a, safety_officer):
    client = client_for(safety_officer)
    assert client.get("/safety/lists/").status_code == 200
    assert client.get(f"/safety/lists/?unit={zone_a.pk}").status_code == 200
    assert SavedList.objects.filter(unit=zone_a).count() == 5


def test_each_default_list_shows_exactly_its_rows(zone_data, safety_officer, zone_a, enterprise, other_enterprise):
    rows = {key: set(run_list(safety_officer.user, _default(zone_a, key))) for key in lists.DEFAULT_KEYS}
    names = {key: {getattr(r, "enterprise", r).name for r in found} for key, found in rows.items()}
    assert names["six"] == {enterprise.name}
    assert names["red_orange"] == {enterprise.name, other_enterprise.name}  # not zone B's red enterprise
    assert names["inspection_due"] == {enterprise.name, "射阳绿色食品有限公司"}  # red past 30 days, green never
    assert rows["major_open"] == {zone_data["major"]}
    assert rows["overdue"] == {zone_data["major"], zone_data["general"]}


def test_each_lists_count_equals_its_rows_and_its_export(zone_data, safety_officer, zone_a):
    client = client_for(safety_officer)
    entries = client.get(f"/safety/lists/?unit={zone_a.pk}").context["entries"]
    assert len(entries) == 5
    for entry in entries:
        saved, count = entry["list"], entry["count"]
        assert count > 0, saved.name
        page = client.get(f"/safety/lists/{saved.pk}/")
        assert page.status_code == 200
        assert page.context["page"].paginator.count == count == len(page.context["rows"]), saved.name
        export = client.get(f"/safety/lists/{saved.pk}/export.xlsx")
        assert export.status_code == 200
        assert len(_export_rows(export)) == count, saved.name
    assert Event.objects.filter(verb="safety.list_exported").count() == 5


def test_the_export_neutralises_formulas_and_masks_mobiles(zone_data, zone_a, supervisor, leader):
    six = _default(zone_a, "six")
    masked = _export_rows(client_for(supervisor).get(f"/safety/lists/{six.pk}/export.xlsx"))
    person, mobile = masked[0][9], masked[0][10]
    assert person == "'=1+1"  # text, not a formula Excel would run
    assert mobile == "138****8000"  # a supervisor neither calls nor inspects enterprises
    raw = b"".join(client_for(supervisor).get(f"/safety/lists/{six.pk}/export.xlsx").streaming_content)
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    clear = _export_rows(client_for(leader).get(f"/safety/lists/{six.pk}/export.xlsx"))
    assert clear[0][10] == "13812348000"


def test_the_page_masks_mobiles_like_the_export(zone_data, zone_a, supervisor, leader):
    six = _default(zone_a, "six")
    assert client_for(supervisor).get(f"/safety/lists/{six.pk}/").context["rows"][0]["mobile"] == "138****8000"
    assert client_for(leader).get(f"/safety/lists/{six.pk}/").context["rows"][0]["mobile"] == "13812348000"


def test_another_zone_sees_no_list_page_or_export(zone_data, zone_a, officer_b, enterprise_user):
    saved = _default(zone_a, "red_orange")
    for actor in (officer_b, enterprise_user):
        client = client_for(actor)
        assert client.get(f"/safety/lists/{saved.pk}/").status_code == 404
        assert client.get(f"/safety/lists/{saved.pk}/export.xlsx").status_code == 404
        assert client.get(f"/safety/lists/?unit={zone_a.pk}").status_code == 404
    assert client_for(enterprise_user).get("/safety/lists/").status_code == 404
    assert client_for(officer_b).post(f"/safety/lists/{saved.pk}/delete/").status_code == 404
    assert not Event.objects.filter(verb="safety.list_exported").exists()


def test_a_list_pages_25_rows(zone_a, safety_officer, leader):
    for _n in range(30):
        services.rate(leader, EnterpriseFactory(unit=zone_a), stars=1, colour="red", reason="评定")
    lists.ensure_default_lists(zone_a)
    saved = _default(zone_a, "red_orange")
    client = client_for(safety_officer)
    first = client.get(f"/safety/lists/{saved.pk}/")
    assert len(first.context["rows"]) == 25
    assert len(client.get(f"/safety/lists/{saved.pk}/?page=2").context["rows"]) == 5


def test_an_admin_creates_renames_and_deletes_a_list(zone_a, admin_a, dust):
    saved = lists.create_list(admin_a, zone_a, name=" 粉尘企业 ", kind="enterprises", filters={"category": [dust.pk]})
    assert (saved.name, saved.filters, saved.position) == ("粉尘企业", {"category": [dust.pk]}, 1)
    lists.rename_list(admin_a, saved, "涉爆粉尘企业")
    lists.delete_list(admin_a, saved)
    saved.refresh_from_db()
    assert (saved.name, saved.is_deleted) == ("涉爆粉尘企业", True)
    verbs = list(
        Event.objects.filter(object_id=str(saved.pk), verb__startswith="safety.list")
        .values_list("verb", flat=True)
        .order_by("pk")
    )
    assert verbs == ["safety.list_created", "safety.list_renamed", "safety.list_deleted"]


@pytest.mark.parametrize(
    ("kind", "filters", "field"),
    [
        ("projects", {}, "kind"),
        ("enterprises", {"level": ["major"]}, "level"),  # a hazard filter on an enterprise list
        ("hazards", {"state": ["closed"]}, "state"),
        ("hazards", {"overdue": "yes"}, "overdue"),
        ("enterprises", {"stars": [6]}, "stars"),
        ("enterprises", {"category": [999999]}, "category"),
    ],
)
def test_a_list_keeps_only_filters_it_can_run(zone_a, admin_a, kind, filters, field):
    with pytest.raises(Rejected) as exc:
        lists.create_list(admin_a, zone_a, name="清单", kind=kind, filters=filters)
    assert exc.value.field == field
    assert not SavedList.objects.exists()


def test_another_zones_category_is_refused(zone_a, zone_b, admin_a, dust):
    other = config.add_category(actor_of(zone_b, "admin", "admin_b"), zone_b, code="YA", name="涉氨制冷", is_six=True)
    with pytest.raises(Rejected):
        lists.create_list(admin_a, zone_a, name="涉氨", kind="enterprises", filters={"category": [other.pk]})


def test_two_lists_of_a_zone_do_not_share_a_name(zone_a, admin_a):
    lists.ensure_default_lists(zone_a)
    with pytest.raises(Rejected) as exc:
        lists.create_list(admin_a, zone_a, name="逾期隐患", kind="hazards", filters={"overdue": True})
    assert exc.value.field == "name"


def test_only_the_zones_admins_and_leaders_change_lists(zone_a, safety_officer, officer_b):
    lists.ensure_default_lists(zone_a)
    saved = _default(zone_a, "overdue")
    with pytest.raises(Forbidden):
        lists.rename_list(safety_officer, saved, "超期隐患")
    with pytest.raises(Forbidden):
        lists.create_list(safety_officer, zone_a, name="新清单", kind="hazards", filters={})
    with pytest.raises(SavedList.DoesNotExist):
        lists.delete_list(officer_b, saved)
    assert not Event.objects.filter(verb__in=["safety.list_renamed", "safety.list_deleted"]).exists()


def test_the_new_list_form_saves_a_hazard_list(zone_a, admin_a, dust):
    client = client_for(admin_a)
    response = client.post(
        "/safety/lists/new/",
        {
            "unit": zone_a.pk,
            "name": "六涉重大隐患",
            "kind": "hazards",
            "levels": ["major"],
            "is_six": "1",
            "colours": ["red"],
        },
    )
    saved = SavedList.objects.get(name="六涉重大隐患")
    assert response.status_code == 302
    assert saved.filters == {"is_six": True, "level": ["major"]}  # the enterprise fields ignored
    bad = client.post("/safety/lists/new/", {"unit": zone_a.pk, "name": "六涉重大隐患", "kind": "hazards"})
    assert bad.status_code == 422
    rename = client.post(f"/safety/lists/{saved.pk}/rename/", {"name": "六涉企业重大隐患"})
    assert rename.status_code == 302
    assert client.post(f"/safety/lists/{saved.pk}/delete/").status_code == 302
    assert client.get(f"/safety/lists/{saved.pk}/").status_code == 404
