"""Load GB/T 4754-2017 industries from the shipped data file (reversible)."""

from django.db import migrations

from zonedesk.common.models import industry_rows


def load(apps, schema_editor):
    Industry = apps.get_model("common", "Industry")
    Industry.objects.bulk_create(
        [Industry(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent"] or None) for r in industry_rows()]
    )


def unload(apps, schema_editor):
    Industry = apps.get_model("common", "Industry")
    for level in ("group", "division", "section"):
        Industry.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
