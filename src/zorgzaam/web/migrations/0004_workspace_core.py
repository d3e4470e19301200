"""The workspace models left the web app for the workspace core app (zorgzaam.workspaces): this forgets them
here, in Django's record only; the tables stay and belong to the core app now."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('web', '0003_job_runner'),
        ('workspaces', '0001_initial'),
        ('api', '0002_workspace_core'),
        ('areas', '0003_workspace_core'),
        ('environment', '0002_workspace_core'),
        ('plan', '0003_workspace_core'),
        ('profile', '0002_workspace_core'),
        ('sources', '0002_workspace_core'),
        ('voices', '0004_workspace_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Membership'),
                migrations.DeleteModel(name='Invitation'),
                migrations.DeleteModel(name='Job'),
                migrations.DeleteModel(name='Workspace'),
            ],
            database_operations=[],
        ),
    ]
