"""`zonedesk demo`: the demo data loads once, every demo login signs in, tenancy holds in it."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from zonedesk.cli.demo_data import PASSWORD, DemoRefused, load_demo
from zonedesk.common.uscc import is_valid_uscc
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, Membership, Unit, UnitKind, User
from zonedesk.orgs.roles import Role
from zonedesk.orgs.services import create_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_logins():
    return load_demo()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Unit, User, Membership, Enterprise, Contact, Event)}


def test_demo_loads_the_zones_and_enterprises_of_the_articles(demo_logins):
    zones = set(Unit.objects.filter(kind=UnitKind.ZONE).values_list("name", flat=True))
    assert {"射阳经济开发区", "赣榆经济开发区", "吕四港经济开发区", "汇龙镇", "聊城嘉明经济开发区"} <= zones
    assert Unit.objects.get(name="沛县驻粤港澳大湾区招商分局").kind == UnitKind.BRANCH
    sheyang = Unit.objects.get(name="射阳经济开发区")
    assert Enterprise.objects.filter(unit=sheyang).count() >= 300
    assert Enterprise.objects.filter(name="江苏国阳智能装备有限公司", unit=sheyang).exists()
    assert Enterprise.objects.filter(name="苏州明志科技股份有限公司").exists()
    assert not Enterprise.objects.filter(contacts__isnull=True).exists()
    created = Event.objects.filter(verb="enterprise.created").values_list("object_id", flat=True)
    assert sorted(map(int, created)) == sorted(Enterprise.objects.values_list("pk", flat=True))
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert all(is_valid_uscc(code) for code in codes)
    assert len(codes) == len(set(codes))


def test_loading_twice_keeps_one_copy(demo_logins):
    before = _counts()
    assert load_demo() == demo_logins
    assert _counts() == before
    assert Event.objects.filter(verb="demo.loaded").count() == 1


def test_every_role_has_a_login_that_signs_in_with_the_printed_password(demo_logins):
    """authenticate() needs the request: django-axes checks the lock-out on it."""
    request = RequestFactory().post("/accounts/login/")
    roles = set()
    for _label, username, password in demo_logins:
        assert password == PASSWORD
        user = authenticate(request, username=username, password=password)
        assert user is not None, username
        roles |= user.roles
    assert roles == set(Role)
    assert not User.objects.filter(is_superuser=True).exists()


def test_tenancy_holds_in_the_demo(demo_logins):
    """Zone A's officer sees zone A's register and nothing of zone B; the enterprise user sees one."""
    sheyang, ganyu = Unit.objects.get(name="射阳经济开发区"), Unit.objects.get(name="赣榆经济开发区")
    officer = User.objects.get(username="service")
    seen = Enterprise.objects.visible_to(officer)
    assert seen.filter(unit=sheyang).count() == Enterprise.objects.filter(unit=sheyang).count()
    assert not seen.filter(unit=ganyu).exists()
    assert not Enterprise.objects.visible_to(User.objects.get(username="ganyu_officer")).filter(unit=sheyang).exists()

    enterprise_user = User.objects.get(username="enterprise")
    own = Enterprise.objects.visible_to(enterprise_user)
    assert list(own.values_list("name", flat=True)) == ["江苏国阳智能装备有限公司"]


def test_the_demo_is_not_mixed_into_other_data():
    create_unit(name="盐城市", kind=UnitKind.REGION, parent=None, by=Actor.system("test"))
    with pytest.raises(DemoRefused):
        load_demo()
    assert not Enterprise.objects.exists()


def test_demo_command_prints_every_login():
    out = StringIO()
    call_command("demo", "--no-serve", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    for username in ("leader", "investment", "pm", "service", "handler", "supervisor", "enterprise", "admin"):
        assert f" {username} " in text
    assert "ganyu_officer" in text
    assert PASSWORD in text
