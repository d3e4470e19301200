"""The workspace foreign keys now point at the workspace core app (same table, so nothing changes in the
database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('environment', '0001_initial'),
        ('workspaces', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='facility',
                    name='workspace',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='facilities', to='workspaces.workspace'),
                ),
                migrations.AlterField(
                    model_name='streetnetwork',
                    name='workspace',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='street_networks', to='workspaces.workspace'),
                ),
            ],
            database_operations=[],  # the tables and columns stay as they are
        ),
    ]
