"""The dashboard at 50,000 participants: the day each pair was paired, the days its confirmed sessions
span, and the program on sessions, feedback and ratings, so that every overview figure reads one index;
the latest staff action of a program in one index read."""
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

BATCH = 1000


def backfill(apps, schema_editor):
    """Date existing pairs and measure their span; file sessions, feedback and ratings under their program."""
    Pair = apps.get_model("reverse_mentoring_xblock", "Pair")
    Session = apps.get_model("reverse_mentoring_xblock", "Session")
    Feedback = apps.get_model("reverse_mentoring_xblock", "Feedback")
    FeedbackRating = apps.get_model("reverse_mentoring_xblock", "FeedbackRating")
    pairs = []
    for pair in Pair.objects.only("created_at", "first_confirmed_on", "last_confirmed_on").iterator():
        pair.paired_on = timezone.localdate(pair.created_at)  # the site's zone, as the domain dates new pairs
        if pair.first_confirmed_on:
            pair.confirmed_span_days = (pair.last_confirmed_on - pair.first_confirmed_on).days
        pairs.append(pair)
    Pair.objects.bulk_update(pairs, ["paired_on", "confirmed_span_days"], batch_size=BATCH)
    pair_key = Pair.objects.filter(pk=OuterRef("pair_id")).values("usage_key")[:1]
    Session.objects.update(usage_key=Subquery(pair_key))
    Feedback.objects.update(usage_key=Subquery(pair_key))
    feedback = Feedback.objects.filter(pk=OuterRef("feedback_id"))
    FeedbackRating.objects.update(usage_key=Subquery(feedback.values("usage_key")[:1]),
                                  role=Subquery(feedback.values("participant__role")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0004_dashboard'),
    ]

    operations = [
        migrations.AddField(
            model_name='pair',
            name='paired_on',
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name='pair',
            name='confirmed_span_days',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='session',
            name='usage_key',
            field=models.CharField(default='', max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='feedback',
            name='usage_key',
            field=models.CharField(default='', max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='feedbackrating',
            name='usage_key',
            field=models.CharField(default='', max_length=255),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='feedbackrating',
            name='role',
            field=models.CharField(choices=[('mentor', 'Mentor'), ('mentee', 'Mentee')], default='', max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='pair',
            name='paired_on',
            field=models.DateField(),
        ),
        migrations.RemoveIndex(
            model_name='pair',
            name='rm_pair_status',
        ),
        migrations.RemoveIndex(
            model_name='participant',
            name='rm_participant_stage',
        ),
        migrations.RemoveField(
            model_name='pair',
            name='first_confirmed_on',
        ),
        migrations.AddIndex(
            model_name='pair',
            index=models.Index(fields=['usage_key', 'status', 'paired_on', 'sessions_confirmed', 'sessions_disputed',
                                       'last_confirmed_on', 'confirmed_span_days', 'items_confirmed', 'mentor'],
                               name='rm_pair_progress'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['usage_key', 'stage', 'role'], name='rm_participant_stage'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['usage_key', 'joined_at'], name='rm_participant_joined'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['usage_key', 'public_name', 'user'], name='rm_participant_name'),
        ),
        migrations.AddIndex(
            model_name='feedback',
            index=models.Index(fields=['usage_key', 'satisfaction', 'would_recommend'], name='rm_feedback_answers'),
        ),
        migrations.AddIndex(
            model_name='feedbackrating',
            index=models.Index(fields=['usage_key', 'topic_id', 'role', 'before', 'after'], name='rm_rating_by_topic'),
        ),
        migrations.AddIndex(
            model_name='session',
            index=models.Index(fields=['usage_key', 'status', 'held_on'], name='rm_session_confirmed_on'),
        ),
        migrations.AddIndex(
            model_name='staffaction',
            index=models.Index(fields=['usage_key', 'id'], name='rm_staffaction_latest'),
        ),
    ]
