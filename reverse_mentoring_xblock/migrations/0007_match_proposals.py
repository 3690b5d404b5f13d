"""A matching run's proposals become rows: staff page through them and leave some out, and a large run's no
longer has to fit in one MySQL packet. Runs stored before move their proposals out of their result."""
import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def proposals_to_rows(apps, schema_editor):
    MatchRun = apps.get_model("reverse_mentoring_xblock", "MatchRun")
    MatchProposal = apps.get_model("reverse_mentoring_xblock", "MatchProposal")
    Participant = apps.get_model("reverse_mentoring_xblock", "Participant")
    for run in MatchRun.objects.exclude(result=None).iterator():
        stored = run.result.pop("proposals", None)
        if stored is None:
            continue
        named = {pid for p in stored for pid in (p["mentor"], p["mentee"])}
        present = set(Participant.objects.filter(pk__in=named).values_list("pk", flat=True))
        blocking = [p.get("blocking") or {} for p in stored]
        MatchProposal.objects.bulk_create([MatchProposal(
            run=run, rank=rank, mentor_id=p["mentor"], mentee_id=p["mentee"], score=p["score"],
            locked=p.get("locked", False), breakdown=p.get("breakdown", {}), reasons=p.get("reasons", []),
            blocking_count=b.get("count", 0), blocking_mentor_id=b.get("mentor"), blocking_mentee_id=b.get("mentee"))
            for rank, (p, b) in enumerate(zip(stored, blocking)) if {p["mentor"], p["mentee"]} <= present],
            batch_size=BATCH)
        run.save(update_fields=["result"])


class Migration(migrations.Migration):

    dependencies = [
        ('reverse_mentoring_xblock', '0006_withdrawn_participants'),
    ]

    operations = [
        migrations.CreateModel(
            name='MatchProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.PositiveIntegerField()),
                ('score', models.FloatField()),
                ('locked', models.BooleanField(default=False)),
                ('breakdown', models.JSONField(default=dict)),
                ('reasons', models.JSONField(default=list)),
                ('blocking_count', models.PositiveIntegerField(default=0)),
                ('blocking_mentor_id', models.IntegerField(blank=True, null=True)),
                ('blocking_mentee_id', models.IntegerField(blank=True, null=True)),
                ('left_out', models.BooleanField(default=False)),
                ('mentee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reverse_mentoring_xblock.participant')),
                ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reverse_mentoring_xblock.participant')),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='reverse_mentoring_xblock.matchrun')),
            ],
            options={
                'indexes': [models.Index(fields=['run', 'rank'], name='rm_proposal_rank'),
                            models.Index(fields=['run', 'left_out', 'locked', 'blocking_count', 'score'],
                                         name='rm_proposal_summary')],
            },
        ),
        migrations.AddConstraint(
            model_name='matchproposal',
            constraint=models.UniqueConstraint(fields=('run', 'mentor', 'mentee'), name='rm_one_proposal_per_pair'),
        ),
        migrations.RunPython(proposals_to_rows, migrations.RunPython.noop),
    ]
