from django.db import migrations

# The national default top categories (unit NULL); a region adds its own below or beside them.
DEFAULTS = [
    ("用工", 10),
    ("融资", 15),
    ("用地", 20),
    ("审批", 10),
    ("配套", 15),
    ("政策兑现", 15),
    ("基础设施", 20),
    ("物流", 10),
    ("人才", 10),
    ("法律", 10),
    ("其他", 10),
]


def seed(apps, schema_editor):
    DemandCategory = apps.get_model("demands", "DemandCategory")
    for name, days in DEFAULTS:
        DemandCategory.objects.get_or_create(unit=None, parent=None, name=name, defaults={"default_deadline_days": days})


def unseed(apps, schema_editor):
    DemandCategory = apps.get_model("demands", "DemandCategory")
    DemandCategory.objects.filter(unit=None, parent=None, name__in=[n for n, _ in DEFAULTS], demands=None).delete()


class Migration(migrations.Migration):
    dependencies = [("demands", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
