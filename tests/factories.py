"""factory-boy factories: build only what a test reads."""

import itertools

import factory

from zonedesk.common.text import pinyin_initials
from zonedesk.common.uscc import make_uscc
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.orgs.models import Membership, Unit, UnitKind, User

PASSWORD = "Test!pass2026"
_uscc_serial = itertools.count(1)


def next_uscc() -> str:
    return make_uscc(f"91320924MA{next(_uscc_serial):07d}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.ZONE
    parent = None

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        obj.save(update_fields=["path"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    mobile = "13800138000"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "service_officer"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"江苏测试{n}号科技有限公司")
    uscc = factory.LazyFunction(next_uscc)
    unit = factory.SubFactory(UnitFactory)
    name_initials = factory.LazyAttribute(lambda e: pinyin_initials(e.name))
    employees = 100


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = "李经理"
    mobile = "13912345678"
    is_primary = True
