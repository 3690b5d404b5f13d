"""Answers to the mid-program check-in: is the pair working, satisfaction so far, a comment for staff."""
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0012_mentor_circle'),
    ]

    operations = [
        migrations.CreateModel(
            name='CheckIn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('usage_key', models.CharField(max_length=255)),
                ('working', models.CharField(choices=[('yes', 'yes'), ('partly', 'partly'), ('no', 'no')], max_length=8)),
                ('satisfaction', models.PositiveSmallIntegerField()),
                ('comment', models.TextField(blank=True)),
                ('submitted_at', models.DateTimeField()),
                ('pair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='reverse_mentoring_xblock.pair')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reverse_mentoring_xblock.participant')),
            ],
            options={
                'indexes': [models.Index(fields=['usage_key', 'working'], name='rm_checkin_answers')],
            },
        ),
        migrations.AddConstraint(
            model_name='checkin',
            constraint=models.UniqueConstraint(fields=('pair', 'participant'), name='rm_one_checkin_per_partner'),
        ),
    ]
