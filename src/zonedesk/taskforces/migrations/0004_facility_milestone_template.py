"""A zone facility's default milestones as the zone builds it: approved, designed, tendered, started, structure
done, accepted, in use (the first default copied an industrial project's land auction and permits).

Only a template still exactly as 0002 left it is replaced: one an administrator has edited is theirs.
"""

from django.db import migrations

OLD = [("土地摘牌", 0), ("规划许可", 30), ("施工许可", 60), ("开工", 75), ("主体封顶", 240), ("竣工验收", 360)]
NEW = [
    ("立项", 0),
    ("设计", 45),
    ("招标", 90),
    ("开工", 120),
    ("主体完工", 270),
    ("竣工验收", 330),
    ("投用", 360),
]


def _swap(apps, before, after):
    template = apps.get_model("taskforces", "MilestoneTemplate")
    rows = template.objects.filter(kind="facility")
    current = sorted((row.order, row.name, row.offset_days) for row in rows)
    if current != [(order, name, offset) for order, (name, offset) in enumerate(before, start=1)]:
        return
    rows.delete()
    template.objects.bulk_create(
        template(kind="facility", name=name, order=order, offset_days=offset)
        for order, (name, offset) in enumerate(after, start=1)
    )


def forward(apps, schema_editor):
    _swap(apps, OLD, NEW)


def backward(apps, schema_editor):
    _swap(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("taskforces", "0003_weekly_report_on_time")]

    operations = [migrations.RunPython(forward, backward)]
