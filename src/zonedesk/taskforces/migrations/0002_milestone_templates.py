"""The default milestones of an industrial project and of a zone facility (admins edit them later)."""

from django.db import migrations

INDUSTRIAL = [
    ("土地摘牌", 0),
    ("规划许可", 30),
    ("施工许可", 60),
    ("开工", 75),
    ("主体封顶", 240),
    ("设备进场", 300),
    ("竣工验收", 360),
    ("投产", 390),
]
FACILITY = [
    ("土地摘牌", 0),
    ("规划许可", 30),
    ("施工许可", 60),
    ("开工", 75),
    ("主体封顶", 240),
    ("竣工验收", 360),
]
DEFAULTS = {"industrial": INDUSTRIAL, "facility": FACILITY}


def load(apps, schema_editor):
    template = apps.get_model("taskforces", "MilestoneTemplate")
    for kind, rows in DEFAULTS.items():
        for order, (name, offset) in enumerate(rows, start=1):
            template.objects.get_or_create(kind=kind, name=name, defaults={"order": order, "offset_days": offset})


def unload(apps, schema_editor):
    template = apps.get_model("taskforces", "MilestoneTemplate")
    for kind, rows in DEFAULTS.items():
        template.objects.filter(kind=kind, name__in=[name for name, _offset in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("taskforces", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
