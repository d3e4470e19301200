"""The workspace core's models, moved from the web app: Django's record of them only; their tables keep
the names they had (web_workspace, web_membership, web_invitation, web_job)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import zorgzaam.workspaces.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('web', '0003_job_runner'),
        ('sources', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Workspace',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='naam')),
                        ('slug', models.SlugField(max_length=200, unique=True)),
                        ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisatie')),
                        ('municipality', models.CharField(blank=True, help_text='De gemeente waarvan de kaart de sectoren en wijken toont.', max_length=20, verbose_name='gemeente (NIS-code)')),
                        ('is_demo', models.BooleanField(default=False, verbose_name='fictieve demo')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'verbose_name': 'werkruimte',
                        'verbose_name_plural': 'werkruimtes',
                        'db_table': 'web_workspace',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(default='import', max_length=40)),
                        ('status', models.CharField(choices=[('queued', 'wacht'), ('running', 'bezig'), ('done', 'klaar'), ('failed', 'mislukt')], default='queued', max_length=10)),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('step', models.CharField(blank=True, max_length=40)),
                        ('params', models.JSONField(default=dict)),
                        ('error', models.JSONField(blank=True, null=True)),
                        ('report', models.JSONField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('runner', models.CharField(blank=True, default='', max_length=200)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('dataset', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sources.dataset')),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to='workspaces.workspace')),
                    ],
                    options={
                        'db_table': 'web_job',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('beheerder', 'beheerder'), ('beleidsmedewerker', 'beleidsmedewerker'), ('praktijkwerker', 'praktijkwerker'), ('procesbegeleider', 'procesbegeleider'), ('lezer', 'lezer')], default='lezer', max_length=20, verbose_name='rol')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mailadres')),
                        ('token', models.CharField(default=zorgzaam.workspaces.models._token, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('expires_at', models.DateTimeField(default=zorgzaam.workspaces.models._expiry)),
                        ('accepted_at', models.DateTimeField(blank=True, null=True)),
                        ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='workspaces.workspace')),
                    ],
                    options={
                        'db_table': 'web_invitation',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('beheerder', 'beheerder'), ('beleidsmedewerker', 'beleidsmedewerker'), ('praktijkwerker', 'praktijkwerker'), ('procesbegeleider', 'procesbegeleider'), ('lezer', 'lezer')], default='lezer', max_length=20, verbose_name='rol')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='workspaces.workspace')),
                    ],
                    options={
                        'verbose_name': 'lidmaatschap',
                        'verbose_name_plural': 'lidmaatschappen',
                        'db_table': 'web_membership',
                        'ordering': ['workspace', 'user__username'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'workspace'), name='membership_unique')],
                    },
                ),
            ],
            database_operations=[],  # the tables and columns stay as they are
        ),
    ]
