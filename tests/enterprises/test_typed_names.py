"""An enterprise's name is stored as typed (（射阳） stays full-width) and found whichever brackets are typed."""

from zonedesk.enterprises import services
from zonedesk.enterprises.queries import EnterpriseFilter, enterprise_list

from ..factories import next_uscc


def test_the_name_keeps_its_chinese_brackets_and_is_found_with_either_kind(officer_a, zone_a):
    data = {"name": "　创维ＬＥＤ（射阳）科技有限公司 ", "uscc": next_uscc(), "unit": zone_a}
    enterprise = services.create_enterprise(data, by=officer_a)
    assert enterprise.name == "创维LED（射阳）科技有限公司"  # full-width letters folded, the brackets as typed
    for q in ["LED（射阳）", "LED(射阳)", "（射阳）科技", "射阳"]:
        assert list(enterprise_list(officer_a.user, EnterpriseFilter(q=q))) == [enterprise], q
