"""Meeting times a partner proposes and the other accepts: at most one open and one agreed per pair; room in a
pair's frozen topics for 30 topic ids of 64 characters."""
import django.db.models.deletion
from django.db import migrations, models

from reverse_mentoring_xblock.models import CHECK_ARGUMENT


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0008_tallies'),
    ]

    operations = [
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField()),
                ('minutes', models.PositiveSmallIntegerField()),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('superseded', 'Superseded'), ('cancelled', 'Cancelled')], default='proposed', max_length=16)),
                ('proposed_at', models.DateTimeField()),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
                ('agreed_for', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='agreed_meeting', to='reverse_mentoring_xblock.pair')),
                ('open_for', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='open_meeting', to='reverse_mentoring_xblock.pair')),
                ('pair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='reverse_mentoring_xblock.pair')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reverse_mentoring_xblock.participant')),
            ],
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(**{CHECK_ARGUMENT: models.Q(models.Q(('open_for__isnull', False), ('status', 'proposed')), models.Q(models.Q(('status', 'proposed'), _negated=True), ('open_for__isnull', True)), _connector='OR')}, name='rm_meeting_open_while_proposed'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(**{CHECK_ARGUMENT: models.Q(('agreed_for__isnull', True), ('status', 'accepted'), _connector='OR')}, name='rm_meeting_agreed_once_accepted'),
        ),
        migrations.AlterField(
            model_name='pair',
            name='topics',
            field=models.CharField(blank=True, max_length=2000),
        ),
    ]
