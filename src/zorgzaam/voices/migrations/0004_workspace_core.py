"""The workspace foreign keys now point at the workspace core app (same table, so nothing changes in the
database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('voices', '0003_category_merge'),
        ('workspaces', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='exportaudit',
                    name='workspace',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='workspaces.workspace'),
                ),
                migrations.AlterField(
                    model_name='persona',
                    name='workspace',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='personas', to='workspaces.workspace'),
                ),
                migrations.AlterField(
                    model_name='qualitativesession',
                    name='workspace',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qualitative_sessions', to='workspaces.workspace'),
                ),
                migrations.AlterField(
                    model_name='questionnaire',
                    name='workspace',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questionnaires', to='workspaces.workspace'),
                ),
                migrations.AlterField(
                    model_name='quote',
                    name='workspace',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quotes', to='workspaces.workspace'),
                ),
                migrations.AlterField(
                    model_name='strengthchallenge',
                    name='workspace',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='strengths_challenges', to='workspaces.workspace'),
                ),
                migrations.AlterField(
                    model_name='survey',
                    name='workspace',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='surveys', to='workspaces.workspace'),
                ),
            ],
            database_operations=[],  # the tables and columns stay as they are
        ),
    ]
