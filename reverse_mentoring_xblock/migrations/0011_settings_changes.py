"""The settings grades were last computed with, and each published change of them (live edits of a program)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0010_deleted_programs'),
    ]

    operations = [
        migrations.AddField(
            model_name='program',
            name='grading_terms',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='program',
            name='retired_items',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.CreateModel(
            name='SettingsChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('usage_key', models.CharField(max_length=255)),
                ('changed_at', models.DateTimeField()),
                ('changes', models.JSONField()),
                ('dispatched_at', models.DateTimeField()),
                ('rescored_at', models.DateTimeField(blank=True, null=True)),
                ('scores_written', models.PositiveIntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['usage_key', 'changed_at'], name='rm_settingschange_recent')],
            },
        ),
    ]
