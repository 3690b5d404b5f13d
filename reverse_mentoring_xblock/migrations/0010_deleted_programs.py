"""When Studio reported a program's block deleted: its rows stay, listed for staff and operators."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0009_meetings'),
    ]

    operations = [
        migrations.AddField(
            model_name='program',
            name='deleted_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
