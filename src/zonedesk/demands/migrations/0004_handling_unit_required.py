"""Every demand is handled where it was submitted until it is routed up a level."""

import django.db.models.deletion
from django.db import migrations, models


def handled_where_submitted(apps, schema_editor):
    Demand = apps.get_model("demands", "Demand")
    Demand.objects.filter(handling_unit__isnull=True).update(handling_unit=models.F("unit"))


class Migration(migrations.Migration):
    dependencies = [("demands", "0003_attachments_settings_routing"), ("orgs", "0001_initial")]

    operations = [
        migrations.RunPython(handled_where_submitted, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="demand",
            name="handling_unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="handled_demands",
                to="orgs.unit",
                verbose_name="handled by",
            ),
        ),
    ]
