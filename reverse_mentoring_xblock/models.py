"""Cross-user program data: participants, pairs, sessions, checklist ticks and feedback.

Integrity rules live in the database so that no race can break them:
- one participant per user per program (unique usage key + user);
- one active pair per mentee, and per mentor slot (``active_*`` columns are set only while the
  pair is active; a plain unique index ignores NULLs on SQLite, PostgreSQL and MySQL alike, unlike
  partial indexes, which MySQL lacks);
- session numbers unique per pair;
- one open meeting proposal and one agreed meeting per pair (``Meeting.open_for``, ``agreed_for``);
- one record per client request (a retried submit is carried out once);
- a circle reply answers a post, never another reply (``CirclePost.parent`` is checked in the domain layer).
Only the domain package writes these models, always in the lock order that ``domain/locking.py``
documents. Choices and limits come from ``core/vocabulary.py``.
"""
import django
from django.conf import settings
from django.db import models
from django.db.models import Q

from .core.checkins import WORKING as CHECKIN_WORKING
from .core.nudges import DELIVERIES as NUDGE_DELIVERIES
from .core.nudges import KINDS as NUDGE_KINDS
from .core.vocabulary import (
    MAX_MENTOR_CAPACITY,
    PAIR_SOURCES,
    ROLES,
    STAFF_ACTIONS,
    MeetingStatus,
    PairStatus,
    RunStatus,
    SessionStatus,
    Stage,
)

KEY_LENGTH = 255
# Django 5.1 renamed CheckConstraint(check=...) to condition=...; 4.2 knows only the old name.
CHECK_ARGUMENT = "condition" if django.VERSION >= (5, 1) else "check"


def text_choices(name, values):
    """Django choices for these values: members named in capitals, labelled as Django labels them."""
    return models.TextChoices(name, [(value.upper(), value) for value in values])


class ProgramScoped(models.Model):
    """Rows belong to one program: a block usage inside a course."""

    course_key = models.CharField(max_length=KEY_LENGTH, db_index=True)
    usage_key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        abstract = True


class Program(models.Model):
    """One row per program, locked by program-wide writes (starting a matching run) so they queue up."""

    course_key = models.CharField(max_length=KEY_LENGTH)
    usage_key = models.CharField(max_length=KEY_LENGTH, unique=True)
    created_at = models.DateTimeField()
    # When Studio reported the block deleted (``domain/lifecycle.py``); its rows stay for staff and operators.
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The published settings grades were last computed with (``core/grading_terms.py``), and the titles of
    # checklist items since removed, which pairs' histories still show (``domain/settings_changes.py``).
    grading_terms = models.JSONField(null=True, blank=True)
    retired_items = models.JSONField(default=dict, blank=True)
    # The published settings reminders depend on (``core/nudges.py``): the daily job reads them, having no block.
    reminder_terms = models.JSONField(null=True, blank=True)

    def __str__(self):
        return f"program {self.usage_key}"


class SettingsChange(models.Model):
    """A published change of the settings grades depend on: what changed, and when every score was recomputed."""

    usage_key = models.CharField(max_length=KEY_LENGTH)
    changed_at = models.DateTimeField()
    changes = models.JSONField()  # ``core.grading_terms.TermsChange.to_json()``
    dispatched_at = models.DateTimeField()  # when its rescoring last started: a view starts it again when overdue
    rescored_at = models.DateTimeField(null=True, blank=True)
    scores_written = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["usage_key", "changed_at"], name="rm_settingschange_recent")]

    def __str__(self):
        return f"settings change of {self.changed_at}"


class Participant(ProgramScoped):
    """A learner who answered the intake questionnaire of a program."""

    Role = text_choices("Role", ROLES)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    anonymous_user_id = models.CharField(max_length=128)
    role = models.CharField(max_length=16, choices=Role.choices)
    public_name = models.CharField(max_length=80)
    intake = models.JSONField(default=dict)
    joined_at = models.DateTimeField()
    intake_updated_at = models.DateTimeField()
    waiting_since = models.DateTimeField(null=True, blank=True)
    submission_uuid = models.CharField(max_length=36, blank=True)
    published_points = models.IntegerField(null=True, blank=True)
    # Out of the program since then: reset by staff (their writing forgotten, kept for partners' history; they
    # may join again) or withdrawn by staff (``withdrawn``: their history and score stay theirs, read-only).
    left_at = models.DateTimeField(null=True, blank=True)
    withdrawn = models.BooleanField(default=False)
    reminders_off = models.BooleanField(default=False)  # the learner asked for no reminder e-mails
    # Kept by every write that changes it (``domain/stages.py``), so the dashboard counts and filters by it.
    Stage = text_choices("Stage", Stage.ALL)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.WAITING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "user"], name="rm_one_participant_per_user"),
        ]
        indexes = [
            models.Index(fields=["usage_key", "role"], name="rm_participant_role"),
            # The LMS's reset names the learner by anonymous id: an indexed lookup keeps its row lock narrow.
            models.Index(fields=["usage_key", "anonymous_user_id"], name="rm_participant_anonymous"),
            # The dashboard's counts by stage and role, and its pages in order of joining or of name.
            models.Index(fields=["usage_key", "stage", "role"], name="rm_participant_stage"),
            models.Index(fields=["usage_key", "joined_at"], name="rm_participant_joined"),
            models.Index(fields=["usage_key", "public_name", "user"], name="rm_participant_name"),
        ]

    def __str__(self):
        return f"participant {self.pk} ({self.role})"

    @property
    def reset_out(self):
        """Reset by staff: no longer in the program and holding no score of their own."""
        return self.left_at is not None and not self.withdrawn


class MatchRun(ProgramScoped):
    """One run of automatic matching: the staff's constraints in, proposals with reasons out."""

    Status = text_choices("Status", RunStatus.ALL)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    auto_accept = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    excluded = models.JSONField(default=list)  # [[mentor participant id, mentee participant id], ...]
    locked = models.JSONField(default=list)
    # What a finished run found besides its proposals: total score, optimality bound, who is left waiting
    # and why, whether stability was checked. Proposals are rows of their own (a large run's would not fit
    # in one MySQL packet, and staff page through them).
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["usage_key", "created_at"], name="rm_matchrun_recent")]

    def __str__(self):
        return f"match run {self.pk} ({self.status})"


class MatchProposal(models.Model):
    """One pair a run proposes, with what staff review: score, breakdown, reasons and stability."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    rank = models.PositiveIntegerField()  # the order staff read them in: the solver's
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    locked = models.BooleanField(default=False)
    breakdown = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    # Another pairing that one partner and someone on the other side would both prefer: how many, and one.
    blocking_count = models.PositiveIntegerField(default=0)
    blocking_mentor_id = models.IntegerField(null=True, blank=True)
    blocking_mentee_id = models.IntegerField(null=True, blank=True)
    left_out = models.BooleanField(default=False)  # staff will not accept it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "mentor", "mentee"], name="rm_one_proposal_per_pair")]
        indexes = [models.Index(fields=["run", "rank"], name="rm_proposal_rank"),
                   # The review's summary counts and sums from the index alone, not the rows' reasons.
                   models.Index(fields=["run", "left_out", "locked", "blocking_count", "score"],
                                name="rm_proposal_summary")]

    def __str__(self):
        return f"proposal {self.mentor_id}:{self.mentee_id} of run {self.run_id}"


class Pair(ProgramScoped):
    """An accepted mentor-mentee match."""

    Status = text_choices("Status", PairStatus.ALL)
    Source = text_choices("Source", PAIR_SOURCES)

    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="mentor_pairs")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="mentee_pairs")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    active_mentee = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="+")
    active_mentor = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="+")
    mentor_slot = models.PositiveSmallIntegerField(default=1)
    meeting_link = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.STAFF)
    match_run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="pairs")
    match_score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField()
    paired_on = models.DateField()  # the day of created_at in the site's time zone: the plan's targets count from it
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    # The mentee's topics to learn when paired, as " id id " for a LIKE filter: the pair's checklist and grade
    # read them, so a mentee who changes her answers after the pair ended changes neither (30 ids of 64 fit).
    topics = models.CharField(max_length=2000, blank=True)
    # Counts of the pair's sessions, kept by every session write under the pair's lock, so that the staff
    # dashboard filters, sorts and sums thousands of pairs without reading their sessions.
    sessions_logged = models.PositiveSmallIntegerField(default=0)
    sessions_confirmed = models.PositiveSmallIntegerField(default=0)
    sessions_disputed = models.PositiveSmallIntegerField(default=0)
    sessions_not_counted = models.PositiveSmallIntegerField(default=0)  # confirmed, held too close to one that counts
    items_confirmed = models.PositiveIntegerField(default=0)
    last_confirmed_on = models.DateField(null=True, blank=True)
    # Days from the first confirmed session to the last: the overview's days between sessions, without date sums.
    confirmed_span_days = models.PositiveIntegerField(null=True, blank=True)
    last_session_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["active_mentee"], name="rm_one_active_pair_per_mentee"),
            models.UniqueConstraint(fields=["active_mentor", "mentor_slot"], name="rm_one_active_pair_per_slot"),
            models.CheckConstraint(
                name="rm_active_columns_match_status",
                **{CHECK_ARGUMENT: (
                    Q(status="active", active_mentee__isnull=False, active_mentor__isnull=False)
                    | (~Q(status="active") & Q(active_mentee__isnull=True, active_mentor__isnull=True))
                )},
            ),
            models.CheckConstraint(
                name="rm_mentor_slot_range",
                **{CHECK_ARGUMENT: Q(mentor_slot__gte=1, mentor_slot__lte=MAX_MENTOR_CAPACITY)},
            ),
        ]
        # Every column the dashboard's overview groups or counts pairs by, so that it reads this index and no row.
        indexes = [models.Index(fields=["usage_key", "status", "paired_on", "sessions_confirmed", "sessions_disputed",
                                        "last_confirmed_on", "confirmed_span_days", "items_confirmed", "mentor"],
                                name="rm_pair_progress"),
                   models.Index(fields=["usage_key", "created_at"], name="rm_pair_recent")]

    def __str__(self):
        return f"pair {self.pk} ({self.status})"

    def partner_of(self, participant):
        return self.mentee if participant.pk == self.mentor_id else self.mentor

    @property
    def learn_topics(self):
        """The mentee's topics to learn as they were when the pair started."""
        return self.topics.split()


class Session(models.Model):
    """One meeting of a pair, logged by one partner and confirmed (or disputed) by the other."""

    Status = text_choices("Status", SessionStatus.ALL)

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions")
    usage_key = models.CharField(max_length=KEY_LENGTH)  # the pair's: the overview counts sessions by program
    number = models.PositiveSmallIntegerField()
    logged_by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    topics = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.LOGGED)
    dispute_reason = models.TextField(blank=True)
    logged_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Whether it counts towards the plan, decided when it is confirmed (``core.pace.counts_towards_plan``); a
    # published shorter gap lets one that did not count count (``domain/settings_changes.py``), never the reverse.
    counts = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "number"], name="rm_unique_session_number"),
        ]
        # The overview counts confirmed sessions per week from this index alone.
        indexes = [models.Index(fields=["usage_key", "status", "held_on"], name="rm_session_confirmed_on")]
        ordering = ["pair", "number"]

    def __str__(self):
        return f"session {self.number} of pair {self.pair_id} ({self.status})"


class Meeting(models.Model):
    """A time one partner proposes to meet; the other accepts or declines it, or proposes another.

    An active pair has at most one open proposal (``open_for``) and one agreed meeting (``agreed_for``), held
    as unique columns set only in those states, like ``Pair.active_*``; an accepted meeting that a later one
    replaces keeps its status and loses ``agreed_for``, and so do both when the pair ends or completes (the
    open proposal is then cancelled). Times are stored in UTC; each partner reads them in their own time zone.
    """

    Status = text_choices("Status", MeetingStatus.ALL)

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    open_for = models.OneToOneField(Pair, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="open_meeting")
    agreed_for = models.OneToOneField(Pair, null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="agreed_meeting")
    proposed_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="rm_meeting_open_while_proposed",
                **{CHECK_ARGUMENT: Q(status="proposed", open_for__isnull=False)
                   | (~Q(status="proposed") & Q(open_for__isnull=True))},
            ),
            models.CheckConstraint(
                name="rm_meeting_agreed_once_accepted",
                **{CHECK_ARGUMENT: Q(agreed_for__isnull=True) | Q(status="accepted")},
            ),
        ]

    def __str__(self):
        return f"meeting {self.pk} of pair {self.pair_id} ({self.status})"


class ChecklistTick(models.Model):
    """A checklist item a session covered; it counts once the session is confirmed."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ticks")
    topic_id = models.CharField(max_length=64)
    item_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "topic_id", "item_id"], name="rm_unique_tick"),
        ]

    def __str__(self):
        return f"{self.topic_id}/{self.item_id} in session {self.session_id}"


class Feedback(models.Model):
    """A participant's feedback at the end of the planned sessions."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="feedback")
    usage_key = models.CharField(max_length=KEY_LENGTH)  # the pair's: the overview counts answers by program
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    satisfaction = models.PositiveSmallIntegerField()
    would_recommend = models.BooleanField()
    confidence = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "participant"], name="rm_one_feedback_per_partner"),
        ]
        indexes = [models.Index(fields=["usage_key", "satisfaction", "would_recommend"], name="rm_feedback_answers")]

    def __str__(self):
        return f"feedback of participant {self.participant_id} on pair {self.pair_id}"


class CheckIn(models.Model):
    """A partner's answer to the mid-program check-in (``core/checkins.py``): once per pair and partner."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    usage_key = models.CharField(max_length=KEY_LENGTH)  # the pair's: the overview counts answers by program
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    working = models.CharField(max_length=8, choices=[(value, value) for value in CHECKIN_WORKING])
    satisfaction = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)  # for staff only; emptied when its writer is retired
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pair", "participant"], name="rm_one_checkin_per_partner")]
        indexes = [models.Index(fields=["usage_key", "working"], name="rm_checkin_answers")]

    def __str__(self):
        return f"check-in of participant {self.participant_id} on pair {self.pair_id}"


class Nudge(models.Model):
    """A reminder for one partner (``core/nudges.py``), recorded once per occasion before it is sent.

    ``claim`` names the run of the daily job (or the staff request) that recorded it: that run alone sends it, so
    two runs at once send each reminder once.
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="nudges")
    usage_key = models.CharField(max_length=KEY_LENGTH)  # the pair's
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=[(value, value) for value in NUDGE_KINDS])
    occasion = models.CharField(max_length=64)
    session = models.PositiveSmallIntegerField(default=0)  # the session it is about, 0: none
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")  # the staff member who sent it by hand
    claim = models.CharField(max_length=32)
    delivery = models.CharField(max_length=16, choices=[(value, value) for value in NUDGE_DELIVERIES],
                                default=NUDGE_DELIVERIES[0])
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "kind", "occasion"],
                                               name="rm_one_nudge_per_occasion")]
        indexes = [models.Index(fields=["claim", "delivery"], name="rm_nudge_claim"),
                   models.Index(fields=["usage_key", "created_at"], name="rm_nudge_recent")]

    def __str__(self):
        return f"{self.kind} reminder for participant {self.participant_id}"


class ClientRequest(models.Model):
    """A submit the browser numbered: stored in the same transaction as its write, so a retry is not a second write."""

    usage_key = models.CharField(max_length=KEY_LENGTH)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request_id = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "user", "request_id"], name="rm_one_write_per_request"),
        ]

    def __str__(self):
        return f"request {self.request_id} ({self.action})"


class FeedbackRating(models.Model):
    """One topic of a feedback: the giver's self-rating at intake and their confidence at the end.

    Carries the program and the giver's role, so that the dashboard averages them from one index alone.
    """

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    usage_key = models.CharField(max_length=KEY_LENGTH)
    role = models.CharField(max_length=16, choices=Participant.Role.choices)
    # What was learned: a digital topic (mentees, and mentors before two-way feedback) or an area of experience.
    about = models.CharField(max_length=8, choices=[("topic", "topic"), ("area", "area")], default="topic")
    topic_id = models.CharField(max_length=64)  # the topic's or the area's id
    before = models.PositiveSmallIntegerField(null=True, blank=True)  # no intake rating for this topic
    after = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "topic_id"], name="rm_one_rating_per_topic"),
        ]
        indexes = [models.Index(fields=["usage_key", "topic_id", "role", "before", "after"],
                                name="rm_rating_by_topic")]

    def __str__(self):
        return f"{self.topic_id}: {self.before} -> {self.after}"


class StaffAction(ProgramScoped):
    """What staff did, who, when and why: pairing by hand, accepting matching, ending, resetting, withdrawing."""

    Kind = text_choices("Kind", STAFF_ACTIONS)

    kind = models.CharField(max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    pair = models.ForeignKey(Pair, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_actions")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["usage_key", "created_at"], name="rm_staffaction_recent"),
                   # The latest action of a program in one index read: the shared overview is valid until it.
                   models.Index(fields=["usage_key", "id"], name="rm_staffaction_latest")]

    def __str__(self):
        return f"{self.kind} at {self.created_at}"


class Tally(models.Model):
    """A running count of one program's rows in one bucket, which the overview reads instead of the rows.

    Only ``domain/tallies.py`` writes it: each domain write adds what it changed, as it commits.
    ``count`` counts rows; ``first_sum`` and ``second_sum`` add up what the bucket's kind says
    (checklist items confirmed by a pair's group; ratings before and after for a topic).
    """

    usage_key = models.CharField(max_length=KEY_LENGTH)
    kind = models.CharField(max_length=16)
    bucket = models.CharField(max_length=200)
    count = models.BigIntegerField(default=0)
    first_sum = models.BigIntegerField(default=0)
    second_sum = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "kind", "bucket"], name="rm_one_tally_per_bucket")]

    def __str__(self):
        return f"{self.kind} {self.bucket}: {self.count}"


class CirclePost(models.Model):
    """A tip or question in a program's mentor circle, or a reply to one (``parent``: one level of replies).

    Written by a participant (``author``) or by course staff who take no part (``author`` empty, ``by_staff``);
    ``user`` is whoever wrote it, so that retirement finds their text. Staff pin top-level posts and hide
    posts or replies with a reason that stays; hidden text is never shown to learners.
    """

    usage_key = models.CharField(max_length=KEY_LENGTH)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # SET_NULL: a learner reset out of the program who never had a pair loses their row; their posts stay.
    author = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_staff = models.BooleanField(default=False)
    body = models.TextField(blank=True)  # blank once its writer is retired
    created_at = models.DateTimeField()
    pinned = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    hidden_reason = models.TextField(blank=True)

    class Meta:
        # A page of a circle's posts, pinned first then newest, from this index alone; replies by ``parent``.
        indexes = [models.Index(fields=["usage_key", "parent", "pinned", "created_at"], name="rm_circle_listing")]

    def __str__(self):
        return f"circle post {self.pk}"


class CircleMeeting(models.Model):
    """A meeting of the whole mentor circle that staff schedule: stored in UTC, read on each viewer's clock."""

    usage_key = models.CharField(max_length=KEY_LENGTH)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    link = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["usage_key", "cancelled_at", "starts_at"], name="rm_circle_upcoming")]

    def __str__(self):
        return f"circle meeting {self.pk}"
