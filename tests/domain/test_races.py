"""Every write raced against the others that touch the same rows, on MariaDB, through the real handlers.

Each round builds a fresh program (two planned sessions, up to two mentees per mentor), sets the scene
through the domain API, fires the racing calls at the same moment from threads with their own
connections, then checks what each call answered and the program's invariants:
one active pair per mentee and at most ``capacity`` per mentor; ended pairs stay ended and get no
session written after their end; completed pairs carry no end; session numbers run 1..n; a session
is confirmed once and feedback given once; learners reset out of the program hold no pair, no place on
the waiting list and no score; withdrawn ones hold no active pair and keep their points; every score
in edx-submissions equals the grading formula for both partners; a check-in at most once per partner, only
from halfway through the plan and never after the pair ended or completed; a mentor circle reply never written
after its post was hidden, moderation written whole (hidden with its reason and who hid it), replies one level
deep and never pinned; every call answered 200 or a clean 4xx, never 500 and never 503.

``RM_RACE_ROUNDS`` rounds per scenario (CI runs 8: 42 scenarios of 2 calls, 672 racing calls).
"""
import itertools
import os
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from submissions import api as submissions_api
from workbench.runtime import WorkbenchRuntime

from devsite.users import anonymous_id_for
from reverse_mentoring_xblock import access, domain, platform
from reverse_mentoring_xblock.core import grading
from reverse_mentoring_xblock.core.checkins import SATISFACTION, WORKING, has_opened
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.meetings import parse_proposal
from reverse_mentoring_xblock.core.payloads import parse_session_log
from reverse_mentoring_xblock.core.vocabulary import RunStatus
from reverse_mentoring_xblock.domain import circle, matchmaking, tallies
from reverse_mentoring_xblock.domain.counts import COUNT_FIELDS, counted_sessions, counts_of
from reverse_mentoring_xblock.domain.gradebook import ITEM_TYPE
from reverse_mentoring_xblock.domain.stages import stage_of
from reverse_mentoring_xblock.models import (
    CheckIn,
    ChecklistTick,
    CirclePost,
    Feedback,
    MatchRun,
    Nudge,
    Pair,
    Participant,
    Program,
    StaffAction,
)
from tests.concurrency import CLEAN_STATUSES, DeleteCall, HandlerCall, ResetCall, RetireCall, at_once
from tests.factories import intake, session_log
from tests.figures import record
from tests.workbench import add_program

ROUNDS = int(os.environ.get("RM_RACE_ROUNDS", "3"))
SETTINGS = {"sessions_planned": 2, "mentor_capacity": 2, "min_days_between_sessions": 0}  # sessions logged today
TWO_OF_EACH = ("mentor", "mentee", "mentor", "mentee")
REPLAYED = "This was already saved."

pytestmark = [pytest.mark.mariadb_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _real_row_locks(usage_id):  # usage_id: the workbench is set up
    if connection.vendor != "mysql":
        pytest.skip("SQLite locks the whole database; row locks and their order are proved on MariaDB")


class Arena:
    """One fresh program for one round, with helpers that set the scene through the domain API."""

    numbers = itertools.count()

    def __init__(self, scenario):
        self.name = f"{scenario[:12]}{next(self.numbers)}"
        self.usage_id = add_program(self.name, **SETTINGS)
        self.program = domain.ProgramRef(*platform.program_keys(self.usage_id))
        staff_block = WorkbenchRuntime("staff").get_block(self.usage_id)
        self.config = staff_block.config()
        _ = staff_block.seen_settings_change  # staff's row of block state, as for each learner below
        self.today = date.today()

    def join(self, role, **answers):
        student = f"{self.name}{role[:2]}{next(self.numbers)}"
        user = get_user_model().objects.create(username=student)
        caller = access.Caller(user_id=user.pk, username=student, anonymous_id=anonymous_id_for(student))
        participant = domain.save_intake(self.program, caller, parse_intake(
            intake(role, public_name=student, **answers), self.config))
        participant.student = student
        # A learner who joined has opened the block, which created their row of block state. The workbench's
        # state table lacks the LMS's unique key, so two racing first reads would create two rows.
        _ = WorkbenchRuntime(student).get_block(self.usage_id).seen_settings_change
        return participant

    def pair(self, confirmed=0, logged=0, mentor=None):
        mentor = mentor or self.join("mentor")
        mentee = self.join("mentee")
        pair = domain.pair_participants(self.program, mentor.pk, mentee.pk, None, mentor_capacity=2)
        for _ in range(confirmed):
            session = self.log(mentee)
            domain.confirm_session(self.program, mentor.user_id, session.pk, self.config)
        for _ in range(logged):
            self.log(mentee, notes="What we did.")
        return mentor, mentee, pair

    def log(self, participant, pair_id=None, **changes):
        log = parse_session_log(session_log(self.today.isoformat(), **changes), self.config, today=self.today)
        return domain.log_session(self.program, participant.user_id, log, self.config, pair_id=pair_id)

    def run_ready(self, joining=()):
        """A matching run with its proposals ready, after these roles join."""
        for role in joining:
            self.join(role)
        run = matchmaking.start_run(self.program, None)
        run, _pairs = matchmaking.execute(run.pk, self.config.matching)
        return run

    def post_in_circle(self, author):
        """A post in the mentor circle by ``author`` (a mentor), through the domain API."""
        member = circle.seat(self.program, author.user_id, False, self.config.circle_open_to_mentees)
        return circle.add_post(self.program, member, f"A tip from {author.student}.")

    def call(self, who, handler, payload):
        student = who if isinstance(who, str) else who.student
        return HandlerCall(self.usage_id, student, handler, payload)

    def reset(self, participant):
        return ResetCall(self.usage_id, anonymous_id_for(participant.student))

    # --- invariants --------------------------------------------------------------------------------

    def violations(self, calls, outcomes):
        """Everything wrong with the program after the round (an empty list when all holds)."""
        problems = [f"{call} answered {outcome.status}: {outcome.body}" for call, outcome in zip(calls, outcomes)
                    if outcome.status not in CLEAN_STATUSES]
        ended_by_staff = {call.payload["pair_id"] for call, outcome in zip(calls, outcomes)
                          if isinstance(call, HandlerCall) and call.handler == "end_pair" and outcome.ok}
        reset = {call.anonymous_id for call, outcome in zip(calls, outcomes)
                 if isinstance(call, ResetCall) and outcome.ok}
        pairs = list(self.program.pairs().select_related("mentor", "mentee").order_by("pk"))
        capacity, planned = self.config.matching.mentor_capacity, self.config.plan.count
        for pair in pairs:
            problems += self._pair_violations(pair, planned, ended_by_staff)
        for participant in self.program.participants():
            was_reset = participant.anonymous_user_id in reset
            problems += self._participant_violations(participant, pairs, capacity, was_reset)
        problems += self._circle_violations()
        kept, counted = tallies.read(self.program.usage_key), tallies.recount(self.program.usage_key)
        problems += [f"tally {key}: kept {kept.get(key)}, the rows count {counted.get(key)}"
                     for key in sorted(set(kept) | set(counted)) if kept.get(key) != counted.get(key)]
        return problems

    def _pair_violations(self, pair, planned, ended_by_staff):
        problems = []
        sessions = list(pair.sessions.order_by("number"))
        confirmed = len(counted_sessions(sessions))
        too_soon = sum(s.status == "confirmed" for s in sessions) - confirmed
        if [s.number for s in sessions] != list(range(1, len(sessions) + 1)) or len(sessions) - too_soon > planned:
            problems.append(f"{pair}: session numbers {[s.number for s in sessions]}")
        if pair.status == Pair.Status.COMPLETED and (pair.ended_at or pair.end_reason or confirmed != planned):
            problems.append(f"{pair}: completed with an end or with {confirmed} confirmed sessions")
        if pair.status == Pair.Status.ACTIVE and (pair.ended_at or confirmed >= planned):
            problems.append(f"{pair}: active with an end or with all sessions confirmed")
        if pair.status == Pair.Status.ENDED:
            late = [s.number for s in sessions if s.logged_at > pair.ended_at
                    or (s.confirmed_at and s.confirmed_at > pair.ended_at)]
            if pair.ended_at is None or late:
                problems.append(f"{pair}: ended at {pair.ended_at}, sessions written after: {late}")
        if pair.status != Pair.Status.ACTIVE and pair.ended_at:
            late = pair.meetings.filter(Q(proposed_at__gt=pair.ended_at) | Q(answered_at__gt=pair.ended_at,
                                                                             status="accepted"))
            if late.exists():
                problems.append(f"{pair}: meetings proposed or agreed after its end: {list(late)}")
        if pair.pk in ended_by_staff and pair.status != Pair.Status.ENDED:
            problems.append(f"{pair}: staff ended it, now {pair.status}")
        ended_actions = StaffAction.objects.filter(pair=pair, kind="pair_ended").count()
        if ended_actions != (pair.status == Pair.Status.ENDED):
            problems.append(f"{pair}: {pair.status} with {ended_actions} end records in the audit trail")
        ticks = {}
        for session_id, topic_id, item_id in ChecklistTick.objects.filter(session__pair=pair).values_list(
                "session_id", "topic_id", "item_id"):
            ticks.setdefault(session_id, []).append((topic_id, item_id))
        stored = {name: getattr(pair, name) for name in COUNT_FIELDS}
        expected = counts_of(sessions, ticks)
        if stored != expected:
            problems.append(f"{pair}: stored counts {stored}, sessions say {expected}")
        givers = list(Feedback.objects.filter(pair=pair).values_list("participant_id", flat=True))
        if len(givers) != len(set(givers)) or (givers and pair.status != Pair.Status.COMPLETED):
            problems.append(f"{pair}: feedback {givers} while {pair.status}")
        return problems + self._checkin_violations(pair, sessions, planned)

    @staticmethod
    def _checkin_violations(pair, sessions, planned):
        """At most one check-in per partner, written whole, from halfway, while the pair was active."""
        problems = []
        checkins = list(CheckIn.objects.filter(pair=pair))
        writers = [c.participant_id for c in checkins]
        if len(writers) != len(set(writers)) or set(writers) - {pair.mentor_id, pair.mentee_id}:
            problems.append(f"{pair}: check-ins by {writers}")
        counted = counted_sessions(sessions)
        over = pair.ended_at if pair.status == Pair.Status.ENDED else (
            max(s.confirmed_at for s in counted) if pair.status == Pair.Status.COMPLETED and counted else None)
        for checkin in checkins:
            if (checkin.usage_key, checkin.working in WORKING, checkin.satisfaction in SATISFACTION) != (
                    pair.usage_key, True, True):
                problems.append(f"{checkin}: half written ({checkin.usage_key}, {checkin.working}, "
                                f"{checkin.satisfaction})")
            if over is not None and checkin.submitted_at > over:
                problems.append(f"{checkin}: written at {checkin.submitted_at}, the pair was over at {over}")
            before = sum(s.confirmed_at <= checkin.submitted_at for s in counted)
            if not has_opened(planned, before):
                problems.append(f"{checkin}: written with {before} of {planned} sessions confirmed")
        return problems

    def _circle_violations(self):
        """Replies one level deep, never pinned, none written after their post was hidden; moderation whole."""
        problems = []
        posts = {post.pk: post for post in CirclePost.objects.filter(usage_key=self.program.usage_key)}
        for post in posts.values():
            parent = posts.get(post.parent_id)
            if post.parent_id is not None and (parent is None or parent.parent_id is not None or post.pinned):
                problems.append(f"{post}: a reply under {post.parent_id}, pinned {post.pinned}")
            if post.hidden_at is not None and not (post.hidden_reason and post.hidden_by_id):
                problems.append(f"{post}: hidden without its reason or who hid it")
            if parent is not None and parent.hidden_at is not None and post.created_at > parent.hidden_at:
                problems.append(f"{post}: replied at {post.created_at}, its post hidden at {parent.hidden_at}")
        return problems

    def _participant_violations(self, participant, pairs, capacity, was_reset):
        problems = []
        mine = [p for p in pairs if participant.pk in (p.mentor_id, p.mentee_id)]
        active = sum(p.status == Pair.Status.ACTIVE for p in mine)
        completed = any(p.status == Pair.Status.COMPLETED for p in mine)
        limit = capacity if participant.role == "mentor" else 1
        if active > limit:
            problems.append(f"{participant}: {active} active pairs")
        score = submissions_api.get_score({"student_id": participant.anonymous_user_id,
                                           "course_id": participant.course_key, "item_id": participant.usage_key,
                                           "item_type": ITEM_TYPE})
        earned = score["points_earned"] if score else 0
        if was_reset:
            if active or participant.waiting_since is not None or score is not None:
                problems.append(f"{participant}: reset, yet active {active}, waiting {participant.waiting_since}, "
                                f"score {score and score['points_earned']}")
            return problems
        expected_stage = stage_of(participant.left_at is not None, {p.status for p in mine})
        if participant.stage != expected_stage:
            problems.append(f"{participant}: stage {participant.stage}, its pairs say {expected_stage}")
        if participant.left_at is not None:
            if not participant.withdrawn or active or participant.waiting_since is not None:
                problems.append(f"{participant}: withdrawn, yet {active} active pairs, waiting "
                                f"{participant.waiting_since}")
        elif participant.role == "mentee" and (participant.waiting_since is None) != (active > 0 or completed):
            problems.append(f"{participant}: waiting since {participant.waiting_since} with {active} active pairs")
        expected = grading.points(domain.progress_of(self.program, participant.user_id, self.config),
                                  self.config.grading)
        if earned != expected:
            problems.append(f"{participant}: {earned} points in edx-submissions, formula says {expected}")
        return problems


SCENARIOS = {}


def scenario(function):
    SCENARIOS[function.__name__] = function
    return function


def exactly_one_succeeds(outcomes):
    return [] if sum(o.ok for o in outcomes) == 1 else [f"expected exactly one 200: {outcomes}"]


def all_succeed(outcomes):
    return [] if all(o.ok for o in outcomes) else [f"expected every call to succeed: {outcomes}"]


@scenario
def end_vs_confirm_last(arena):
    """Staff end a pair while the mentor confirms its last planned session: one of them wins."""
    mentor, _mentee, pair = arena.pair(confirmed=1, logged=1)
    last = pair.sessions.get(number=2)
    calls = [arena.call("staff", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."}),
             arena.call(mentor, "confirm_session", {"session_id": last.pk})]
    return calls, exactly_one_succeeds


@scenario
def end_vs_log(arena):
    """Staff end a pair while the mentee logs a session: either order, never a session after the end."""
    _mentor, mentee, pair = arena.pair()
    calls = [arena.call("staff", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."}),
             arena.call(mentee, "log_session", session_log(arena.today.isoformat()))]
    return calls, lambda outcomes: [] if outcomes[0].ok else ["ending an active pair failed"]


@scenario
def end_vs_dispute(arena):
    """Staff end a pair while the mentor disputes a logged session."""
    mentor, _mentee, pair = arena.pair(logged=1)
    session = pair.sessions.get()
    calls = [arena.call("staff", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."}),
             arena.call(mentor, "dispute_session", {"session_id": session.pk, "reason": "Not like this."})]
    return calls, lambda outcomes: [] if outcomes[0].ok else ["ending an active pair failed"]


@scenario
def reset_vs_confirm(arena):
    """The instructor dashboard resets one partner while the other confirms: the reset learner keeps no score."""
    mentor, mentee, pair = arena.pair(logged=1)
    calls = [arena.reset(mentee if arena.name[-1] in "02468" else mentor),
             arena.call(mentor, "confirm_session", {"session_id": pair.sessions.get().pk})]
    return calls, lambda outcomes: [] if outcomes[0].ok else ["the reset failed"]


@scenario
def reset_vs_log(arena):
    """The instructor dashboard resets the mentee while the mentor logs a session."""
    mentor, mentee, _pair = arena.pair(confirmed=1)
    calls = [arena.reset(mentee), arena.call(mentor, "log_session", session_log(arena.today.isoformat()))]
    return calls, lambda outcomes: [] if outcomes[0].ok else ["the reset failed"]


@scenario
def retire_vs_confirm(arena):
    """The mentee is retired while the mentor confirms the session the mentee logged."""
    mentor, mentee, pair = arena.pair(logged=1)
    session = pair.sessions.get()
    calls = [RetireCall(mentee.student), arena.call(mentor, "confirm_session", {"session_id": session.pk})]

    def check(outcomes):
        mentee.refresh_from_db()
        session.refresh_from_db()
        return all_succeed(outcomes) + ([] if (mentee.public_name, session.notes) == ("", "") else
                                        [f"retired learner's writing kept: {mentee.public_name!r}, {session.notes!r}"])
    return calls, check


def publish(arena, **settings):
    """The author's published edit: the block's fields change; the next view applies them."""
    block = WorkbenchRuntime("staff").get_block(arena.usage_id)
    for name, value in settings.items():
        setattr(block, name, value)
    block.save()
    arena.config = block.config()  # the formula the scores are checked against


@scenario
def new_weights_vs_confirm(arena):
    """A published change of the grading weights is applied by one learner's view while the mentor confirms a
    session: both partners end with the new formula's score, whichever wrote last."""
    mentor, _mentee, pair = arena.pair(confirmed=1, logged=1)
    waiting = arena.join("mentee")
    arena.call(waiting, "learner_state", {})()  # the terms as first seen
    publish(arena, grading_weights={"sessions": 20, "checklist": 70, "feedback": 10})
    return [arena.call(waiting, "learner_state", {}),
            arena.call(mentor, "confirm_session", {"session_id": pair.sessions.get(number=2).pk})], all_succeed


@scenario
def fewer_sessions_vs_log(arena):
    """The plan shrinks to the one session a pair confirmed while its mentee logs another: the pair completes
    or the session is logged first, never a session logged into a completed pair."""
    _mentor, mentee, _pair = arena.pair(confirmed=1)
    waiting = arena.join("mentee")
    arena.call(waiting, "learner_state", {})()
    publish(arena, sessions_planned=1)
    return [arena.call(waiting, "learner_state", {}),
            arena.call(mentee, "log_session", session_log(arena.today.isoformat()))], \
        lambda outcomes: [] if outcomes[0].ok else ["applying the change failed"]


@scenario
def delete_vs_first_join(arena):
    """Studio deletes the block while its first learner joins: the program is marked and the learner kept."""
    student = f"{arena.name}first"
    get_user_model().objects.create(username=student)
    calls = [DeleteCall(arena.usage_id), arena.call(student, "submit_intake", intake("mentee", public_name=student))]

    def check(outcomes):
        marked = Program.objects.filter(usage_key=arena.program.usage_key, deleted_at__isnull=False).exists()
        joined = arena.program.participants().filter(user__username=student).exists()
        return all_succeed(outcomes) + ([] if marked and joined else [f"marked {marked}, joined {joined}"])
    return calls, check


@scenario
def two_staff_start_matching(arena):
    """Two staff start matching at once: one run at a time, none left half-done."""
    for role in TWO_OF_EACH:
        arena.join(role)
    calls = [arena.call("staff", "start_matching", {}), arena.call("staff2", "start_matching", {})]

    def check(outcomes):
        problems = [] if any(o.ok for o in outcomes) else ["no matching run started"]
        stuck = MatchRun.objects.filter(usage_key=arena.program.usage_key, status__in=RunStatus.OPEN)
        return problems + ([f"runs left open: {list(stuck)}"] if stuck.exists() else [])
    return calls, check


@scenario
def two_staff_accept(arena):
    """Two staff accept the same proposals at once: the pairs are created once."""
    run = arena.run_ready(joining=TWO_OF_EACH)
    accepted = {"run_id": run.pk, "pairs": [f"{m}:{e}" for m, e in run.proposals.values_list("mentor_id", "mentee_id")]}
    return [arena.call("staff", "accept_matches", accepted), arena.call("staff2", "accept_matches", accepted)], \
        exactly_one_succeeds


@scenario
def accept_vs_end(arena):
    """Staff accept a proposal for a mentor's second place while another staff member ends the first pair."""
    mentor, _mentee, pair = arena.pair()
    newcomer = arena.join("mentee")
    run = arena.run_ready()
    calls = [arena.call("staff", "accept_matches", {"run_id": run.pk, "pairs": [f"{mentor.pk}:{newcomer.pk}"]}),
             arena.call("staff2", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."})]
    return calls, all_succeed


@scenario
def accept_vs_reset(arena):
    """Staff accept a proposal while the proposed mentee is reset."""
    mentor, newcomer = arena.join("mentor"), arena.join("mentee")
    run = arena.run_ready()
    calls = [arena.call("staff", "accept_matches", {"run_id": run.pk, "pairs": [f"{mentor.pk}:{newcomer.pk}"]}),
             arena.reset(newcomer)]
    return calls, lambda outcomes: [] if outcomes[1].ok else ["the reset failed"]


@scenario
def leave_out_vs_accept_included(arena):
    """One staff member leaves a proposal out while another accepts every included one: never both."""
    run = arena.run_ready(joining=TWO_OF_EACH)
    mentor, mentee = run.proposals.values_list("mentor_id", "mentee_id").first()
    calls = [arena.call("staff", "leave_out_proposal", {"run_id": run.pk, "mentor_id": mentor, "mentee_id": mentee,
                                                        "left_out": True}),
             arena.call("staff2", "accept_matches", {"run_id": run.pk, "pairs": "included"})]

    def check(outcomes):
        created = Pair.objects.filter(mentor_id=mentor, mentee_id=mentee).exists()
        problems = [] if outcomes[1].ok else ["accepting failed"]
        if outcomes[0].ok and created:
            problems.append("a proposal left out with a 200 was accepted")
        if not outcomes[0].ok and not created:
            problems.append("leaving out was refused, yet the proposal was not accepted")
        return problems
    return calls, check


@scenario
def accept_included_vs_pair(arena):
    """Staff accept every included proposal while another pairs a proposed mentee by hand: the rest are accepted."""
    run = arena.run_ready(joining=TWO_OF_EACH)
    first, second = run.proposals.order_by("rank").values("mentor", "mentee")
    calls = [arena.call("staff", "accept_matches", {"run_id": run.pk, "pairs": "included"}),
             arena.call("staff2", "pair_participants", {"mentor_id": second["mentor"], "mentee_id": first["mentee"]})]

    def check(outcomes):
        problems = [] if outcomes[0].ok else [f"accepting failed: {outcomes[0].body}"]
        pairs = set(arena.program.pairs().values_list("mentor_id", "mentee_id"))
        accepted_all = {(p["mentor"], p["mentee"]) for p in (first, second)}
        if outcomes[1].ok and pairs != {(second["mentor"], first["mentee"]), (second["mentor"], second["mentee"])}:
            problems.append(f"paired by hand first, then accepted {pairs}")
        if not outcomes[1].ok and pairs != accepted_all:
            problems.append(f"accepted first, yet the pairs are {pairs}")
        return problems
    return calls, check


def withdrawn(participant):
    """The check of a scenario whose first call withdraws ``participant``: it succeeds and they are out."""
    def check(outcomes):
        participant.refresh_from_db()
        return ([] if outcomes[0].ok else ["withdrawing failed"]) + (
            [] if participant.stage == "withdrawn" else [f"{participant}: {participant.stage} after withdrawing"])
    return check


def withdraw_call(arena, participant):
    return arena.call("staff", "withdraw_participant",
                      {"participant_id": participant.pk, "reason": "Left the company."})


@scenario
def withdraw_vs_confirm_last(arena):
    """Staff withdraw the mentee while the mentor confirms the last planned session: ended or completed."""
    mentor, mentee, pair = arena.pair(confirmed=1, logged=1)
    calls = [withdraw_call(arena, mentee),
             arena.call(mentor, "confirm_session", {"session_id": pair.sessions.get(number=2).pk})]
    return calls, withdrawn(mentee)


@scenario
def withdraw_vs_log(arena):
    """Staff withdraw the mentor while the mentee logs a session: never a session after the pair's end."""
    mentor, mentee, _pair = arena.pair()
    calls = [withdraw_call(arena, mentor), arena.call(mentee, "log_session", session_log(arena.today.isoformat()))]
    return calls, withdrawn(mentor)


@scenario
def withdraw_vs_pair(arena):
    """One staff member withdraws a waiting mentee while another pairs them: no active pair remains."""
    mentor, mentee = arena.join("mentor"), arena.join("mentee")
    calls = [withdraw_call(arena, mentee),
             arena.call("staff2", "pair_participants", {"mentor_id": mentor.pk, "mentee_id": mentee.pk})]
    return calls, withdrawn(mentee)


@scenario
def withdraw_vs_end(arena):
    """One staff member withdraws the mentee while another ends the pair: one end, recorded once."""
    _mentor, mentee, pair = arena.pair()
    calls = [withdraw_call(arena, mentee),
             arena.call("staff2", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."})]
    return calls, withdrawn(mentee)


@scenario
def withdraw_vs_accept_included(arena):
    """Staff withdraw a proposed mentee while another accepts every included proposal: never paired after leaving."""
    run = arena.run_ready(joining=TWO_OF_EACH)
    mentee = Participant.objects.get(pk=run.proposals.order_by("rank").values_list("mentee_id", flat=True).first())
    calls = [withdraw_call(arena, mentee),
             arena.call("staff2", "accept_matches", {"run_id": run.pk, "pairs": "included"})]
    return calls, withdrawn(mentee)


@scenario
def reset_vs_leave_out(arena):
    """Staff reset a proposed mentee who was never paired (their row and proposals go) while another leaves the
    proposal out: the reset succeeds, leaving out answers 200 before it or 404 after it."""
    run = arena.run_ready(joining=TWO_OF_EACH)
    mentor_id, mentee_id = run.proposals.order_by("rank").values_list("mentor_id", "mentee_id").first()
    mentee = Participant.objects.get(pk=mentee_id)
    mentee.student = mentee.user.username
    calls = [arena.reset(mentee), arena.call("staff2", "leave_out_proposal", {
        "run_id": run.pk, "mentor_id": mentor_id, "mentee_id": mentee_id, "left_out": True})]

    def check(outcomes):
        problems = [] if outcomes[0].ok else ["the reset failed"]
        if outcomes[1].status not in (200, 404):
            problems.append(f"leaving out answered {outcomes[1].status}")
        if Participant.objects.filter(pk=mentee_id).exists():
            problems.append("the reset learner is still a participant")
        return problems
    return calls, check


@scenario
def two_staff_pair_one_mentee(arena):
    """Two staff pair the same mentee with different mentors: one pair."""
    first, second, mentee = arena.join("mentor"), arena.join("mentor"), arena.join("mentee")
    calls = [arena.call("staff", "pair_participants", {"mentor_id": first.pk, "mentee_id": mentee.pk}),
             arena.call("staff2", "pair_participants", {"mentor_id": second.pk, "mentee_id": mentee.pk})]
    return calls, exactly_one_succeeds


@scenario
def both_partners_log(arena):
    """Both partners log a session at the same moment: sessions 1 and 2."""
    mentor, mentee, _pair = arena.pair()
    today = arena.today.isoformat()
    return [arena.call(mentor, "log_session", session_log(today)),
            arena.call(mentee, "log_session", session_log(today))], \
        all_succeed


@scenario
def confirm_vs_correct(arena):
    """The mentor confirms while the mentee corrects the same session: the confirmation always holds."""
    mentor, mentee, pair = arena.pair(logged=1)
    session = pair.sessions.get()
    calls = [arena.call(mentor, "confirm_session", {"session_id": session.pk}),
             arena.call(mentee, "log_session", {**session_log(arena.today.isoformat(), minutes=45),
                                                "session_id": session.pk})]
    return calls, lambda outcomes: [] if outcomes[0].ok else ["the confirmation failed"]


def meeting_time(arena, hour):
    return {"date": (arena.today + timedelta(days=7)).isoformat(), "time": f"{hour:02d}:00", "minutes": 60}


def propose(arena, participant, hour):
    """A time proposed through the domain API, before the race."""
    zone = domain.own_time_zone(arena.program, participant.user_id)
    meeting_time_ = parse_proposal(meeting_time(arena, hour), zone, timezone.now())
    return domain.propose_meeting(arena.program, participant.user_id, meeting_time_)


@scenario
def both_partners_propose(arena):
    """Both partners propose a time at once: both answered, one proposal open, the other superseded."""
    mentor, mentee, pair = arena.pair()
    calls = [arena.call(mentor, "propose_meeting", meeting_time(arena, 10)),
             arena.call(mentee, "propose_meeting", meeting_time(arena, 11))]

    def check(outcomes):
        statuses = sorted(pair.meetings.values_list("status", flat=True))
        return all_succeed(outcomes) + ([] if statuses == ["proposed", "superseded"] else
                                        [f"meetings after both proposed: {statuses}"])
    return calls, check


@scenario
def accept_vs_propose_another(arena):
    """The mentee accepts the mentor's time while the mentor proposes another: agreed, or refused as replaced."""
    mentor, mentee, pair = arena.pair()
    first = propose(arena, mentor, 9)
    calls = [arena.call(mentee, "answer_meeting", {"meeting_id": first.pk, "accept": True}),
             arena.call(mentor, "propose_meeting", meeting_time(arena, 15))]

    def check(outcomes):
        first.refresh_from_db()
        problems = [] if outcomes[1].ok else ["proposing another time failed"]
        if outcomes[0].ok and (first.status, first.agreed_for_id) != ("accepted", pair.pk):
            problems.append(f"accepted with a 200, yet {first.status}")
        if not outcomes[0].ok and (outcomes[0].status, first.status) != (409, "superseded"):
            problems.append(f"accepting answered {outcomes[0].status} and left the time {first.status}")
        if pair.meetings.filter(status="proposed").count() != 1:
            problems.append("the new proposal is not the one open")
        return problems
    return calls, check


@scenario
def end_vs_accept_meeting(arena):
    """Staff end the pair while the mentee accepts a time: the end holds, nothing is agreed after it."""
    mentor, mentee, pair = arena.pair()
    proposal = propose(arena, mentor, 9)
    calls = [arena.call("staff", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."}),
             arena.call(mentee, "answer_meeting", {"meeting_id": proposal.pk, "accept": True})]
    return calls, lambda outcomes: [] if outcomes[0].ok else ["ending an active pair failed"]


@scenario
def mentor_confirms_in_one_pair_while_the_other_mentee_confirms(arena):
    """A mentor with two mentees confirms a session of the first pair while the second mentee confirms the
    mentor's session in the second pair: both land, and the mentor's grade adds both pairs up."""
    mentor, _first_mentee, first = arena.pair(logged=1)
    _mentor, second_mentee, second = arena.pair(mentor=mentor)
    logged = arena.log(mentor, pair_id=second.pk)
    calls = [arena.call(mentor, "confirm_session", {"session_id": first.sessions.get().pk}),
             arena.call(second_mentee, "confirm_session", {"session_id": logged.pk})]
    return calls, all_succeed


@scenario
def end_one_pair_vs_confirm_in_the_other(arena):
    """Staff end a mentor's first pair while the second mentee confirms the mentor's session in the second: both
    land, and the mentor keeps the grade of their best pair."""
    mentor, _first_mentee, first = arena.pair(confirmed=1)
    _mentor, second_mentee, second = arena.pair(mentor=mentor)
    logged = arena.log(mentor, pair_id=second.pk)
    calls = [arena.call("staff", "end_pair", {"pair_id": first.pk, "reason": "Staff ended it."}),
             arena.call(second_mentee, "confirm_session", {"session_id": logged.pk})]
    return calls, all_succeed


@scenario
def withdraw_a_mentee_vs_log_in_the_other_pair(arena):
    """Staff withdraw a mentor's first mentee while the mentor logs in the second pair."""
    mentor, first_mentee, _first = arena.pair(confirmed=1)
    _mentor, _second_mentee, second = arena.pair(mentor=mentor)
    calls = [withdraw_call(arena, first_mentee),
             arena.call(mentor, "log_session", {**session_log(arena.today.isoformat()), "pair_id": second.pk})]
    return calls, withdrawn(first_mentee)


@scenario
def feedback_twice(arena):
    """Feedback sent twice at once (two tabs): kept once, the other answer says so."""
    _mentor, mentee, _pair = arena.pair(confirmed=2)
    answers = {"satisfaction": 5, "would_recommend": True, "comment": "Great.",
               "confidence": dict.fromkeys(domain.feedback_topics(arena.program, mentee.user_id, arena.config), 3)}
    return [arena.call(mentee, "submit_feedback", answers), arena.call(mentee, "submit_feedback", answers)], \
        exactly_one_succeeds


@scenario
def double_click_log(arena):
    """The same submit twice (one request id): both answered 200, one session."""
    _mentor, mentee, pair = arena.pair()
    payload = {**session_log(arena.today.isoformat()), "request_id": f"log-{arena.name}"}

    def check(outcomes):
        count = pair.sessions.count()
        replayed = sum(o.ok and o.body.get("message") == REPLAYED for o in outcomes)
        return all_succeed(outcomes) + ([] if (count, replayed) == (1, 1) else
                                        [f"{count} sessions, {replayed} answers said already saved"])
    return [arena.call(mentee, "log_session", payload), arena.call(mentee, "log_session", payload)], check


@scenario
def double_click_confirm(arena):
    """The same confirmation twice (one request id): both answered 200, the score written once."""
    mentor, _mentee, pair = arena.pair(logged=1)
    payload = {"session_id": pair.sessions.get().pk, "request_id": f"confirm-{arena.name}"}
    return [arena.call(mentor, "confirm_session", payload), arena.call(mentor, "confirm_session", payload)], \
        all_succeed


CHECKIN = {"working": "partly", "satisfaction": 3, "comment": "A slow start."}


def checkins_as_answered(pair, calls, outcomes):
    """Each check-in answered 200 is there; each refused one (a clean 409) left nothing."""
    problems = []
    for call, outcome in zip(calls, outcomes):
        if isinstance(call, HandlerCall) and call.handler == "submit_checkin":
            kept = CheckIn.objects.filter(pair=pair, participant__user__username=call.student).exists()
            if outcome.ok != kept or outcome.status not in (200, 409):
                problems.append(f"{call.student}'s check-in answered {outcome.status}, kept: {kept}")
    return problems


@scenario
def both_partners_check_in(arena):
    """Both partners answer the halfway check-in at the same moment: both kept, once each."""
    mentor, mentee, pair = arena.pair(confirmed=1)
    calls = [arena.call(mentor, "submit_checkin", CHECKIN),
             arena.call(mentee, "submit_checkin", {**CHECKIN, "working": "yes"})]
    return calls, lambda outcomes: all_succeed(outcomes) + checkins_as_answered(pair, calls, outcomes)


@scenario
def end_vs_check_in(arena):
    """Staff end a pair while the mentee answers the check-in: the end holds; the check-in is kept only if it was
    written while the pair was active."""
    _mentor, mentee, pair = arena.pair(confirmed=1)
    calls = [arena.call("staff", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."}),
             arena.call(mentee, "submit_checkin", CHECKIN)]
    return calls, lambda outcomes: ([] if outcomes[0].ok else ["ending an active pair failed"]) + (
        checkins_as_answered(pair, calls, outcomes))


@scenario
def confirm_last_vs_check_in(arena):
    """The mentor confirms the last planned session (the pair completes) while the mentee answers the check-in:
    the confirmation holds; the check-in is kept only if it came first."""
    mentor, mentee, pair = arena.pair(confirmed=1, logged=1)
    calls = [arena.call(mentor, "confirm_session", {"session_id": pair.sessions.get(number=2).pk}),
             arena.call(mentee, "submit_checkin", CHECKIN)]

    def check(outcomes):
        pair.refresh_from_db()
        problems = [] if outcomes[0].ok and pair.status == Pair.Status.COMPLETED else [
            f"confirming the last session answered {outcomes[0].status}, the pair is {pair.status}"]
        return problems + checkins_as_answered(pair, calls, outcomes)
    return calls, check


@scenario
def reply_vs_hide(arena):
    """Staff hide a circle post while a mentor replies to it: hidden either way; the reply is kept only if it came
    first, else refused (409)."""
    post = arena.post_in_circle(arena.join("mentor"))
    calls = [arena.call("staff", "circle_hide", {"post_id": post.pk, "reason": "A phone number."}),
             arena.call(arena.join("mentor"), "circle_reply", {"post_id": post.pk, "body": "Me too."})]

    def check(outcomes):
        post.refresh_from_db()
        replied = post.replies.exists()
        problems = [] if outcomes[0].ok and post.hidden_at else ["hiding failed"]
        if outcomes[1].ok != replied or outcomes[1].status not in (200, 409):
            problems.append(f"the reply answered {outcomes[1].status}, kept: {replied}")
        return problems
    return calls, check


@scenario
def pin_vs_hide(arena):
    """One staff member pins a circle post while another hides it: both land, neither undoes the other."""
    post = arena.post_in_circle(arena.join("mentor"))
    calls = [arena.call("staff", "circle_pin", {"post_id": post.pk, "pinned": True}),
             arena.call("staff2", "circle_hide", {"post_id": post.pk, "reason": "Off topic."})]

    def check(outcomes):
        post.refresh_from_db()
        found = (post.pinned, post.hidden_at is not None, post.hidden_reason, post.hidden_by.username)
        return all_succeed(outcomes) + ([] if found == (True, True, "Off topic.", "staff2") else
                                        [f"pinned, hidden, reason, by: {found}"])
    return calls, check


@scenario
def two_replies(arena):
    """Two mentors reply to the same circle post at once: both replies kept, in the order they were written."""
    post = arena.post_in_circle(arena.join("mentor"))
    first, second = arena.join("mentor"), arena.join("mentor")
    calls = [arena.call(first, "circle_reply", {"post_id": post.pk, "body": "Captions, yes."}),
             arena.call(second, "circle_reply", {"post_id": post.pk, "body": "And a headset."})]

    def check(outcomes):
        authors = sorted(post.replies.values_list("author_id", flat=True))
        return all_succeed(outcomes) + ([] if authors == sorted([first.pk, second.pk]) else
                                        [f"replies by {authors}"])
    return calls, check


HOBBY = {"id": "hobby", "text": "What do you do on weekends?", "kind": "text", "choices": [], "required": False,
         "shown_to": "partner"}
TOOLS = {"id": "tools", "text": "Which tools do you use every day?", "kind": "text", "choices": [],
         "required": False, "shown_to": "staff"}


@scenario
def answer_questions_vs_intake(arena):
    """A waiting mentee answers a question the author added after they joined while, from a form drawn before it
    was added, they update their intake: both writes are kept, whichever came last."""
    publish(arena, intake_questions=[HOBBY])
    mentee = arena.join("mentee", questions={"hobby": "Hiking"})
    publish(arena, intake_questions=[HOBBY, TOOLS])
    update = intake("mentee", public_name=mentee.student, goals="Present online with ease.",
                    questions={"hobby": "Chess"})
    calls = [arena.call(mentee, "answer_questions", {"questions": {"tools": "Video calls."}}),
             arena.call(mentee, "submit_intake", update)]

    def check(outcomes):
        mentee.refresh_from_db()
        found = (mentee.intake.get("goals"), mentee.intake.get("questions"))
        return all_succeed(outcomes) + ([] if found == ("Present online with ease.", {
            "hobby": "Chess", "tools": "Video calls."}) else [f"goals and questions after both: {found}"])
    return calls, check


@scenario
def reminders_off_vs_intake(arena):
    """A waiting mentee turns reminder e-mails off while updating their intake: both kept, whichever came last."""
    mentee = arena.join("mentee")
    update = intake("mentee", public_name=mentee.student, goals="Present online with ease.")
    calls = [arena.call(mentee, "set_reminders", {"on": False}), arena.call(mentee, "submit_intake", update)]

    def check(outcomes):
        mentee.refresh_from_db()
        found = (mentee.reminders_off, mentee.intake.get("goals"))
        return all_succeed(outcomes) + ([] if found == (True, "Present online with ease.") else [
            f"opt-out and goals after both: {found}"])
    return calls, check


@scenario
def end_vs_staff_reminder(arena):
    """Staff end a pair while another staff member reminds it: the end holds; a reminder is kept only if it was
    recorded while the pair was active (else a clean 409)."""
    _mentor, _mentee, pair = arena.pair()
    calls = [arena.call("staff", "end_pair", {"pair_id": pair.pk, "reason": "Staff ended it."}),
             arena.call("staff2", "nudge_pair", {"pair_id": pair.pk})]

    def check(outcomes):
        reminded = Nudge.objects.filter(pair=pair).count()
        problems = [] if outcomes[0].ok else ["ending an active pair failed"]
        if outcomes[1].status not in (200, 409) or reminded != (2 if outcomes[1].ok else 0):
            problems.append(f"the reminder answered {outcomes[1].status} and left {reminded} rows")
        return problems
    return calls, check


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_racing_writes_keep_every_invariant(name):
    problems = []
    for _round in range(ROUNDS):
        arena = Arena(name)
        calls, expectation = SCENARIOS[name](arena)
        outcomes = at_once(calls)
        found = expectation(outcomes) + arena.violations(calls, outcomes)
        record("race suite", attempts=len(calls), rounds=1, violations=len(found),
               server_errors=sum(o.status == 500 for o in outcomes),
               busy_answers=sum(o.status == 503 for o in outcomes))
        problems += [f"round {_round}: {problem}" for problem in found]
    assert not problems, "\n".join(problems[:20])
