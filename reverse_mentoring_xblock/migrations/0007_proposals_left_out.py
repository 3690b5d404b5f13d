"""Staff leave proposals out of a matching run before accepting the rest, across pages of proposals."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0006_withdrawn_participants'),
    ]

    operations = [
        migrations.AddField(
            model_name='matchrun',
            name='left_out',
            field=models.JSONField(default=list),
        ),
    ]
