"""Running counts per program that the staff overview reads instead of counting every row (programs that
already have participants get theirs counted from their rows); whether a confirmed session counts towards
the plan (all did so far); what a feedback rating is about (a topic so far)."""
from types import SimpleNamespace

from django.db import migrations, models

from reverse_mentoring_xblock.domain import tallies

COUNTED = ("Participant", "Pair", "Session", "Feedback", "FeedbackRating", "Tally")


def count_existing_programs(apps, schema_editor):
    stored = SimpleNamespace(**{name: apps.get_model("reverse_mentoring_xblock", name) for name in COUNTED})
    for usage_key in stored.Participant.objects.values_list("usage_key", flat=True).distinct().order_by():
        tallies.rebuild(usage_key, stored)


class Migration(migrations.Migration):

    dependencies = [
        ("reverse_mentoring_xblock", "0007_match_proposals"),
    ]

    operations = [
        migrations.AddField(model_name="session", name="counts", field=models.BooleanField(default=True)),
        migrations.AddField(model_name="pair", name="sessions_not_counted",
                            field=models.PositiveSmallIntegerField(default=0)),
        migrations.AddField(model_name="feedbackrating", name="about", field=models.CharField(
            choices=[("topic", "topic"), ("area", "area")], default="topic", max_length=8)),
        migrations.CreateModel(
            name="Tally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("usage_key", models.CharField(max_length=255)),
                ("kind", models.CharField(max_length=16)),
                ("bucket", models.CharField(max_length=200)),
                ("count", models.BigIntegerField(default=0)),
                ("first_sum", models.BigIntegerField(default=0)),
                ("second_sum", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.AddConstraint(
            model_name="tally",
            constraint=models.UniqueConstraint(fields=("usage_key", "kind", "bucket"), name="rm_one_tally_per_bucket"),
        ),
        migrations.RunPython(count_existing_programs, migrations.RunPython.noop),
    ]
