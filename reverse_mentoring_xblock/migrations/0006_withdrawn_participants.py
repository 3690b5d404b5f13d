"""Tell participants withdrawn by staff from those reset by staff: both left the program, but a withdrawn
participant keeps their history and score. Existing rows are told apart by the audit trail: the latest of
the two staff actions on a participant who left says which it was."""
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

WITHDRAWN, RESET = "participant_withdrawn", "learner_reset"
BATCH = 1000


def backfill(apps, schema_editor):
    Participant = apps.get_model("reverse_mentoring_xblock", "Participant")
    StaffAction = apps.get_model("reverse_mentoring_xblock", "StaffAction")
    latest_leaving = StaffAction.objects.filter(participant=OuterRef("pk"), kind__in=(WITHDRAWN, RESET)).order_by(
        "-created_at", "-pk").values("kind")[:1]
    ids = list(Participant.objects.filter(left_at__isnull=False).annotate(left_by=Subquery(latest_leaving))
               .filter(left_by=WITHDRAWN).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        Participant.objects.filter(pk__in=ids[start:start + BATCH]).update(withdrawn=True)


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0005_dashboard_at_scale'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='withdrawn',
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
