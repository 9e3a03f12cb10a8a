"""The cast: zones A and B of one county, officers of each, a leader, a handler, an enterprise user."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

from zonedesk.demands.models import DemandCategory
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import UnitKind
from zonedesk.orgs.roles import ADMIN_ROLES

from .factories import ContactFactory, EnterpriseFactory, MembershipFactory, UnitFactory, UserFactory


def pytest_configure(config):
    # The live server's thread would keep its PostgreSQL connection past the test database's teardown.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_collection_modifyitems(items):
    """Every test that flushes the database (transactional, live server) restores what the migrations seeded
    (categories, industries, content types) afterwards: without it, a flush between two such tests on one worker
    leaves later tests without their seeded rows, or with content types under new ids."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or "live_server" in item.fixturenames
        if transactional and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            kwargs = {**(marker.kwargs if marker is not None else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _seeded_rows_back(request):
    """A test that follows a flush on the same worker (xdist does not always run the flushing tests last) gets the
    rows the migrations seeded back, inside its own transaction, and fresh content-type ids."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    uses_db = marker is not None or "db" in names
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(names)
    if not uses_db or transactional:
        yield
        return
    request.getfixturevalue("db")
    if not DemandCategory.objects.exists():
        ContentType.objects.clear_cache()
        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            connection.creation.deserialize_db_from_string(serialized)
        ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def county(db):
    return UnitFactory(name="射阳县", kind=UnitKind.REGION)


@pytest.fixture
def zone_a(county):
    return UnitFactory(name="射阳经济开发区", short_name="射阳经开区", kind=UnitKind.ZONE, parent=county)


@pytest.fixture
def zone_b(county):
    return UnitFactory(name="海河镇", kind=UnitKind.ZONE, parent=county)


@pytest.fixture
def department_a(zone_a):
    return UnitFactory(name="行政审批局", kind=UnitKind.DEPARTMENT, parent=zone_a)


def _actor(unit, role, **user_fields) -> Actor:
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return Actor(user=user, ip="10.0.0.1", channel="web")


@pytest.fixture
def officer_a(zone_a) -> Actor:
    return _actor(zone_a, "service_officer", username="officer_a")


@pytest.fixture
def officer_b(zone_b) -> Actor:
    return _actor(zone_b, "service_officer", username="officer_b")


@pytest.fixture
def investment_a(zone_a) -> Actor:
    return _actor(zone_a, "investment_officer", username="investment_a")


@pytest.fixture
def leader(zone_a) -> Actor:
    return _actor(zone_a, "leader", username="leader_a")


@pytest.fixture
def admin_a(zone_a) -> Actor:
    return _actor(zone_a, "admin", username="admin_a")


@pytest.fixture
def handler(department_a) -> Actor:
    return _actor(department_a, "handler", username="handler_a")


@pytest.fixture
def supervisor(county) -> Actor:
    return _actor(county, "supervisor", username="supervisor")


@pytest.fixture
def enterprise(zone_a):
    return EnterpriseFactory(name="江苏国阳智能装备有限公司", unit=zone_a)


@pytest.fixture
def contact(enterprise):
    return ContactFactory(enterprise=enterprise, mobile="13812348000")


@pytest.fixture
def enterprise_b(zone_b):
    return EnterpriseFactory(name="海河镇精密机械有限公司", unit=zone_b)


@pytest.fixture
def other_enterprise(zone_a):
    return EnterpriseFactory(name="射阳科阳5G通信科技有限公司", unit=zone_a)


@pytest.fixture
def enterprise_user(zone_a, enterprise) -> Actor:
    return _actor(zone_a, "enterprise", username="ent_user", enterprise=enterprise)


def client_for(actor: Actor) -> Client:
    """A client signed in as the actor; an administrator's session has given its second factor too."""
    client = Client()
    client.force_login(actor.user)
    if actor.user.roles & ADMIN_ROLES:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=actor.user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=actor.user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def branch_a(zone_a):
    return UnitFactory(name="驻长三角招商分局", kind=UnitKind.BRANCH, parent=zone_a)


@pytest.fixture
def investment_b(zone_b) -> Actor:
    return _actor(zone_b, "investment_officer", username="investment_b")


@pytest.fixture
def pm_a(zone_a) -> Actor:
    return _actor(zone_a, "project_manager", username="pm_a")
