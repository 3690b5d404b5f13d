"""Reminders: each one recorded once per occasion, the learner's opt-out, and the settings the daily job reads."""
from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('reverse_mentoring_xblock', '0013_checkins'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='reminders_off',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='program',
            name='reminder_terms',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='Nudge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('usage_key', models.CharField(max_length=255)),
                ('kind', models.CharField(choices=[('session_soon', 'session_soon'), ('behind', 'behind'), ('stalled', 'stalled'), ('to_confirm', 'to_confirm'), ('feedback', 'feedback'), ('staff', 'staff')], max_length=16)),
                ('occasion', models.CharField(max_length=64)),
                ('session', models.PositiveSmallIntegerField(default=0)),
                ('due_on', models.DateField(blank=True, null=True)),
                ('created_at', models.DateTimeField()),
                ('claim', models.CharField(max_length=32)),
                ('delivery', models.CharField(choices=[('pending', 'pending'), ('emailed', 'emailed'), ('logged', 'logged'), ('skipped', 'skipped'), ('failed', 'failed')], default='pending', max_length=16)),
                ('delivered_at', models.DateTimeField(blank=True, null=True)),
                ('pair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='nudges', to='reverse_mentoring_xblock.pair')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reverse_mentoring_xblock.participant')),
                ('sent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['claim', 'delivery'], name='rm_nudge_claim'), models.Index(fields=['usage_key', 'created_at'], name='rm_nudge_recent')],
            },
        ),
        migrations.AddConstraint(
            model_name='nudge',
            constraint=models.UniqueConstraint(fields=('participant', 'kind', 'occasion'), name='rm_one_nudge_per_occasion'),
        ),
    ]
