"""Presenters turn domain objects into what templates show, for every stage, without a single query.

The objects are unsaved model instances: a presenter that queried would hit pytest-django's "no
database access" guard, so these tests also prove the presenters never query.
"""
from dataclasses import replace
from datetime import UTC, date, datetime, time

from reverse_mentoring_xblock.access import Caller
from reverse_mentoring_xblock.core.grading import NO_PROGRESS, Progress
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.table_queries import ProposalQuery
from reverse_mentoring_xblock.domain.dashboard import Page
from reverse_mentoring_xblock.domain.proposals import MatchingReview
from reverse_mentoring_xblock.domain.queries import LearnerState, PastPair
from reverse_mentoring_xblock.models import Feedback, MatchProposal, MatchRun, Meeting, Pair, Participant, Session
from reverse_mentoring_xblock.presentation import checklists, learner
from reverse_mentoring_xblock.presentation.author import author_summary
from reverse_mentoring_xblock.presentation.matching_review import matching_context
from tests.factories import config, intake

CONFIG = config()
PAIRED_ON = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 4, 20)
CALLER = Caller(user_id=7, username="newcomer", anonymous_id="anon-7", full_name="New Comer")


def mark(text):
    """A gettext that shows which strings went through translation (placeholders untouched)."""
    return f"«{text}»"


def learner_context(state, config_, caller, today, gettext, now=None):
    """The learner presenter, at noon UTC of ``today`` unless a test needs another moment; a paired page's
    first pair section is read along with the page's own keys (which win: the page's stage, steps, progress)."""
    context = learner.learner_context(state, config_, caller, today, gettext,
                                      now or datetime.combine(today, time(12), tzinfo=UTC))
    return {**context["sections"][0], **context} if context.get("sections") else context


def person(pk, role, name):
    answers = parse_intake(intake(role, public_name=name), CONFIG).to_json()
    return Participant(pk=pk, role=role, public_name=name, intake=answers, user_id=pk, anonymous_user_id=f"a{pk}")


def paired_state(me_role="mentor", status=Pair.Status.ACTIVE, sessions=(), ticks=None, feedback=None,
                 progress=NO_PROGRESS):
    mentor, mentee = person(1, "mentor", "Ana"), person(2, "mentee", "Paul")
    pair = Pair(pk=10, mentor=mentor, mentee=mentee, status=status, created_at=PAIRED_ON, paired_on=PAIRED_ON.date(),
                meeting_link="https://meet.example.org/ana-paul")
    me, partner = (mentor, mentee) if me_role == "mentor" else (mentee, mentor)
    return LearnerState(me, pair, partner, list(sessions), ticks or {}, feedback, progress)


def session(pk, number, logged_by, status=Session.Status.LOGGED, reason=""):
    return Session(pk=pk, number=number, logged_by_id=logged_by, held_on=date(2026, 3, 9), minutes=60,
                   topics=["linkedin"], notes="We met.", status=status, dispute_reason=reason)


def test_someone_who_has_not_joined_gets_the_intake_prefilled_with_their_name():
    context = learner_context(None, CONFIG, CALLER, TODAY, mark)
    assert context["stage"] == "intake" and context["public_name"] == "New Comer"
    assert [r["label"] for r in context["roles"]] == ["«Mentor»", "«Mentee»"]
    assert not any(r["checked"] for r in context["roles"])
    assert context["summary"] == [] and context["timezone"] == "UTC"


def test_a_waiting_participant_sees_their_answers_summarised_and_checked_in_the_form():
    participant = person(2, "mentee", "Paul")
    state = LearnerState(participant, None, None, [], {}, None, NO_PROGRESS)
    context = learner_context(state, CONFIG, CALLER, TODAY, mark)
    assert (context["stage"], context["joined_as"], context["previous_pair_ended"]) == (
        "waiting", "«You joined as a mentee.»", False)
    assert context["summary"] == [  # their name first; questions a mentee leaves blank are not listed
        {"label": "«Name your partner will see»", "value": "Paul"},
        {"label": "«Wants to learn»", "value": "LinkedIn and your professional profile, AI assistants"},
        {"label": "«Shares experience in»", "value": "Leadership and managing people"},
        {"label": "«Availability»", "value": "«Tuesday» «morning»"},
        {"label": "«Time zone»", "value": "Europe/Paris"},
        {"label": "«Prefers to meet»", "value": "«Remote»"}]
    assert context["goals"] == "Get better at this."
    assert [r["value"] for r in context["roles"] if r["checked"]] == ["mentee"]
    assert [t["id"] for t in context["topic_choices"] if t["learn_topics"]] == ["linkedin", "ai-assistants"]


def test_the_partner_card_tells_the_partners_time_against_the_viewers():
    state = paired_state(me_role="mentee")
    state.participant.intake["timezone"] = "America/New_York"
    context = learner_context(state, CONFIG, CALLER, date(2026, 1, 15), mark)  # winter: 6 h apart
    facts = {row["label"]: row["value"] for row in context["partner"]["facts"]}
    assert facts["«Time zone»"] == "«Europe/Paris (6 h ahead of you)»"
    state.partner.intake["timezone"], state.participant.intake["timezone"] = "Asia/Kolkata", "Europe/London"
    context = learner_context(state, CONFIG, CALLER, date(2026, 7, 15), mark)  # summer time in London
    assert {r["label"]: r["value"] for r in context["partner"]["facts"]}["«Time zone»"] == (
        "«Asia/Kolkata (4.5 h ahead of you)»")
    state.partner.intake["timezone"], state.participant.intake["timezone"] = "America/Denver", "Europe/London"
    context = learner_context(state, CONFIG, CALLER, date(2026, 1, 15), mark)
    assert {r["label"]: r["value"] for r in context["partner"]["facts"]}["«Time zone»"] == (
        "«America/Denver (7 h behind you)»")


def test_the_partner_card_shows_their_availability_on_the_viewers_clock_and_the_times_both_ticked():
    state = paired_state(me_role="mentee")  # both ticked Tuesday morning; the mentor is in Paris
    state.participant.intake["timezone"] = "America/New_York"
    facts = {r["label"]: r["value"] for r in learner_context(state, CONFIG, CALLER, date(2026, 1, 15), mark)[
        "partner"]["facts"]}
    assert facts["«Their availability on your clock»"] == "«{weekday} {start}–{end}»".format(
        weekday="«Tuesday»", start="02:00", end="06:00")
    assert facts["«When you are both free, on your clock»"] == "«You ticked no time in common: propose one below.»"
    state.participant.intake["availability"] = ["tue-morning", "tue-afternoon", "mon-evening"]
    state.participant.intake["timezone"] = "Asia/Kolkata"  # 4.5 h ahead of Paris in winter
    rows = learner_context(state, CONFIG, CALLER, date(2026, 1, 15), mark)["partner"]["facts"]
    facts = {r["label"]: r["value"] for r in rows}
    assert facts["«When you are both free, on your clock»"] == "««Tuesday» 12:30–16:30»"
    labels = [r["label"] for r in rows]
    assert labels.index("«Their availability on your clock»") == labels.index("«Availability»") + 1
    state.participant.intake["timezone"] = "Europe/Paris"  # the same clock: nothing to convert
    facts = {r["label"]: r["value"] for r in learner_context(state, CONFIG, CALLER, date(2026, 1, 15), mark)[
        "partner"]["facts"]}
    assert "«Their availability on your clock»" not in facts
    assert facts["«When you are both free, on your clock»"] == "««Tuesday» 08:00–12:00»"


def test_the_next_meeting_is_read_on_the_viewers_clock_and_waits_for_the_right_partner():
    state = paired_state(me_role="mentee")  # the viewer is Paul, in Paris
    starts = datetime(2026, 4, 21, 16, 0, tzinfo=UTC)  # 18:00 in Paris (summer time)
    proposal = Meeting(pk=5, pair=state.pair, proposed_by_id=1, starts_at=starts, minutes=45)
    state = replace(state, open_meeting=proposal)
    context = learner_context(state, CONFIG, CALLER, TODAY, mark)
    assert context["meeting"]["proposal"] == {"id": 5, "when": "«{weekday} {date} at {time} ({zone})»".format(
        weekday="«Tuesday»", date="2026-04-21", time="18:00", zone="Europe/Paris"), "minutes": 45, "by_me": False,
        "passed": False}
    assert context["next_steps"][0]["target"] == "meeting-title" and "Ana" in context["next_steps"][0]["text"]
    late = learner_context(state, CONFIG, CALLER, TODAY, mark, now=starts)
    assert late["meeting"]["proposal"]["passed"] and all(s["target"] != "meeting-title" for s in late["next_steps"])
    mine = replace(state, open_meeting=Meeting(pk=5, pair=state.pair, proposed_by_id=2, starts_at=starts, minutes=45))
    assert learner_context(mine, CONFIG, CALLER, TODAY, mark)["next_steps"][-1]["text"].startswith(
        "«The time you proposed")
    agreed = replace(state, open_meeting=None, agreed_meeting=Meeting(pk=5, pair=state.pair, proposed_by_id=1,
                                                                      starts_at=starts, minutes=45, status="accepted"))
    context = learner_context(agreed, CONFIG, CALLER, TODAY, mark)
    assert context["meeting"]["agreed"]["when"].endswith("(Europe/Paris)»") and context["meeting"]["proposal"] is None
    when = context["meeting"]["agreed"]["when"]
    assert context["next_steps"][0] == {"target": "log", "acts": True,
                                        "text": f"«You meet Ana on {when}: afterwards, log your next session.»"}
    assert learner_context(agreed, CONFIG, CALLER, TODAY, mark, now=starts)["meeting"]["agreed"] is None
    agreed.pair.status = Pair.Status.COMPLETED
    assert learner_context(agreed, CONFIG, CALLER, TODAY, mark)["meeting"] is None


def test_after_an_ended_pair_the_participant_waits_again_and_keeps_its_history():
    confirmed, disputed = session(20, 1, logged_by=1, status="confirmed"), session(21, 2, logged_by=2,
                                                                                 status="disputed")
    state = paired_state(status=Pair.Status.ENDED, sessions=[confirmed, disputed])
    state.pair.ended_at, state.pair.end_reason = datetime(2026, 4, 1, 10, tzinfo=UTC), "Ana moved abroad."
    context = learner_context(state, CONFIG, CALLER, TODAY, mark)
    assert context["stage"] == "waiting" and context["previous_pair_ended"] is True
    history = context["history"]
    assert (history["partner"], history["paired_on"], history["ended_on"], history["reason"]) == (
        "Paul", "2026-03-02", "2026-04-01", "")  # the reason stays with staff unless the author shares it
    assert [(row["number"], row["can_confirm"], row["can_correct"]) for row in history["sessions"]] == [
        (1, False, False), (2, False, False)]
    shared = learner_context(state, config(pairs_see_end_reason=True), CALLER, TODAY, mark)["history"]
    assert shared["reason"] == "Ana moved abroad."
    state.partner.public_name = ""  # reset or retired: their name is forgotten
    assert learner_context(state, CONFIG, CALLER, TODAY, mark)["history"]["partner"] == (
        "«a participant who has left»")


def test_earlier_pairs_are_listed_read_only_in_every_stage():
    first = Pair(pk=9, mentor=person(3, "mentor", "Ines"), mentee=person(2, "mentee", "Paul"),
                 status=Pair.Status.ENDED, created_at=PAIRED_ON, paired_on=date(2026, 1, 5),
                 ended_at=datetime(2026, 2, 1, tzinfo=UTC), end_reason="Ines changed teams.")
    past = PastPair(first, first.mentor, [session(30, 1, logged_by=2, status="confirmed")], {30: [("linkedin", "p")]})
    for status in (Pair.Status.ACTIVE, Pair.Status.ENDED):
        state = replace(paired_state("mentee", status=status), earlier=[past])
        earlier = learner_context(state, config(pairs_see_end_reason=True), CALLER, TODAY, mark)["earlier"]
        assert [(h["partner"], h["paired_on"], h["ended_on"], h["reason"]) for h in earlier] == [
            ("Ines", "2026-01-05", "2026-02-01", "Ines changed teams.")]
        assert [(row["number"], row["can_confirm"], row["can_correct"]) for row in earlier[0]["sessions"]] == [
            (1, False, False)]
    assert learner_context(paired_state("mentee"), CONFIG, CALLER, TODAY, mark)["earlier"] == []


def test_a_paired_mentor_sees_the_partner_the_plan_the_checklists_and_what_to_confirm():
    logged_by_partner, confirmed = session(21, 2, logged_by=2), session(20, 1, logged_by=1, status="confirmed")
    ticks = {20: [("linkedin", "profile")], 21: [("linkedin", "connect")]}
    progress = Progress(sessions_planned=6, sessions_confirmed=1, items_total=8, items_confirmed=1,
                        feedback_given=False)
    context = learner_context(paired_state(sessions=[confirmed, logged_by_partner], ticks=ticks, progress=progress),
                              CONFIG, CALLER, TODAY, mark)
    assert context["stage"] == "paired" and context["partner"]["name"] == "Paul"
    assert context["partner_title"] == "«Your partner (you are the mentor)»"
    facts = {row["label"]: row["value"] for row in context["partner"]["facts"]}
    assert facts["«Shares experience in»"] == "Leadership and managing people"
    assert facts["«Prefers to meet»"] == "«Remote»" and facts["«Availability»"] == "«Tuesday» «morning»"
    assert facts["«Time zone»"] == "Europe/Paris"  # the same as the viewer's: nothing to work out
    assert context["meeting_link"] == "https://meet.example.org/ana-paul"
    plan = context["plan"]
    assert [row["target"] for row in plan[:2]] == ["2026-03-09", "2026-04-08"]  # within a week, then monthly
    assert [row["status"] for row in plan[:3]] == ["«Confirmed»", "«Waiting for confirmation»", "«Not logged yet»"]
    linkedin = next(c for c in context["checklists"] if c["id"] == "linkedin")
    states = {item["title"]: (item["done"], item["pending"]) for item in linkedin["items"]}
    assert states["Update headline, photo and summary"] == (True, False)
    assert states["Connect with ten colleagues or partners"] == (False, True)
    rows = {row["number"]: row for row in context["sessions"]}
    assert rows[1]["logged_by_me"] and not rows[1]["can_confirm"] and not rows[1]["can_correct"]
    assert rows[2]["can_confirm"] and rows[2]["can_review"] and not rows[2]["can_correct"]
    assert context["progress"]["percent"] == 14 and context["can_log"]
    # One session confirmed (held 03-09); the second was planned for 04-08 and 04-20 is past it: behind.
    assert context["pace"] == ("«Your next session was planned for 2026-04-08: a good moment to agree on a date "
                               "with Paul.»")


def test_the_logger_may_correct_a_disputed_session_and_reads_why():
    disputed = session(30, 1, logged_by=2, status=Session.Status.DISPUTED, reason="We met for 30 minutes.")
    context = learner_context(paired_state(me_role="mentee", sessions=[disputed]), CONFIG, CALLER, TODAY, mark)
    row = context["sessions"][0]
    assert row["can_correct"] and not row["can_confirm"] and row["dispute_reason"] == "We met for 30 minutes."
    assert row["form_id"] == "30"


def test_a_completed_pair_opens_feedback_once():
    state = paired_state(status=Pair.Status.COMPLETED)
    context = learner_context(state, CONFIG, CALLER, TODAY, mark)
    assert context["stage"] == "completed" and context["feedback_open"] and not context["can_log"]
    # The mentor is asked about what the mentee shared; the mentee about the digital topics they chose.
    assert [(t["id"], t["title"]) for t in context["feedback_topics"]] == [
        ("leadership", "Leadership and managing people")]
    assert context["feedback_question"].startswith("«How well do you know each area of experience")
    mentee = learner_context(paired_state("mentee", status=Pair.Status.COMPLETED), CONFIG, CALLER, TODAY, mark)
    assert [t["id"] for t in mentee["feedback_topics"]] == ["linkedin", "ai-assistants"]
    assert mentee["feedback_question"].startswith("«How confident are you now in each topic?")
    given = learner_context(paired_state(status=Pair.Status.COMPLETED, feedback=Feedback(satisfaction=5)), CONFIG,
                            CALLER, TODAY, mark)
    assert not given["feedback_open"]


def test_the_matching_card_in_each_state():
    ana, paul, li = person(1, "mentor", "Ana"), person(2, "mentee", "Paul"), person(3, "mentor", "Li")
    first = ProposalQuery(run_id=7)
    assert matching_context(MatchingReview(None), first, mark) == {"state": "none", "running": False}
    queued = MatchRun(pk=5, status="queued", progress=30)
    assert matching_context(MatchingReview(queued), first, mark)["running"] is True
    applied = MatchRun(pk=6, status="applied")
    applied.applied_count = 3
    assert matching_context(MatchingReview(applied), first, mark)["applied_count"] == 3
    reason = {"message": "{mentor} and {mentee} share a time zone", "params": {"mentor": "Ana", "mentee": "Paul"}}
    waitlist = [{"participant": 5, "role": "mentee", "reason": "no_capacity"},
                {"participant": 6, "role": "mentee", "reason": "no_capacity"},
                {"participant": 3, "role": "mentor", "reason": "no_mentee_left"}]
    ready = MatchRun(pk=7, status="ready", excluded=[[3, 2]], locked=[[3, 4]], result={
        "total": 1.2, "blocking_checked": True, "waitlist": waitlist})
    best = MatchProposal(run=ready, rank=0, mentor=ana, mentee=paul, score=0.8, reasons=[reason],
                         breakdown={"digital": 0.5, "meeting": 0.3})
    weak = MatchProposal(run=ready, rank=1, mentor=li, mentee_id=4, score=0.4, locked=True, left_out=True,
                         blocking_count=2, blocking_mentor_id=1, blocking_mentee_id=4)
    figures = {"count": 2, "total": 1.2, "mean": 0.6, "lowest": 0.4, "unstable": 1, "locked": 1, "left_out": 1}
    review = MatchingReview(ready, figures, Page([best], 2, 1, 1), {1: ana, 2: paul, 3: li}, frozenset(),
                            waitlist[2:])
    context = matching_context(review, first, mark)
    assert context["summary"] == {
        "count": 2, "total": 120, "mean": 60, "lowest": 40, "unstable": 1, "locked": 1, "left_out": 1,
        "included": 1, "waiting": 3, "waiting_reasons": [
            {"label": "«every mentor who suits them is full»", "count": 2},
            {"label": "«no mentee left to pair»", "count": 1}]}
    page = context["proposals"]
    assert (page["page"]["total"], page["page"]["pages"], page["page"]["next"]) == (2, 2, 2)
    proposal = page["rows"][0]
    assert (proposal["mentor"], proposal["mentee"], proposal["score"], proposal["stale"], proposal["left_out"]) == (
        "Ana", "Paul", 80, False, False)
    assert proposal["reasons"] == ["«Ana and Paul share a time zone»"]
    assert proposal["breakdown"] == "«Digital» 50, «Meeting» 30"
    assert {"name": "run_id", "value": 7, "type": "int"} in page["query_items"]
    assert context["waitlist"] == [{"name": "Li", "role_label": "«Mentor»", "reason": "«no mentee left to pair»"}]
    assert context["excluded"] == [{"mentor": "Li", "mentee": "Paul"}]
    stale = MatchingReview(ready, figures, Page([weak], 2, 2, 1), {1: ana, 3: li}, frozenset({3}))
    row = matching_context(stale, first, mark)["proposals"]["rows"][0]
    assert row["stale"] and row["left_out"] and row["mentee"] == "?" and row["blocking"]["mentor"] == "Ana"


def test_studio_shows_the_catalogue_and_the_plan():
    summary = author_summary(CONFIG)
    assert summary["goal"] == "Learn from each other." and summary["plan"].count == 6
    assert summary["topics"][0] == {"title": "LinkedIn and your professional profile", "count": 4}
    assert len(summary["areas"]) == 5


def test_ticked_items_follow_the_checklists_order_in_both_views():
    """Ticked in any order (and one item since removed by the author): listed as the author ordered them."""
    ticks = {20: [("ai-assistants", "summarise"), ("linkedin", "connect"), ("removed", "item"),
                  ("linkedin", "profile")]}
    logged = session(20, 1, logged_by=1, status="confirmed")
    context = learner_context(paired_state(sessions=[logged], ticks=ticks), CONFIG, CALLER, TODAY, mark)
    expected = ["Update headline, photo and summary", "Connect with ten colleagues or partners",
                "Ask an assistant to summarise a document"]
    assert context["sessions"][0]["items"] == expected
    titles = checklists.item_titles(CONFIG)
    assert checklists.ticked_titles(titles, reversed(list(titles))) == list(titles.values())


def steps(context):
    return [(step["text"], step["target"]) for step in context["next_steps"]]


def test_whats_next_names_what_waits_and_who_must_act():
    waiting = learner_context(LearnerState(person(2, "mentee", "Paul"), None, None, [], {}, None, NO_PROGRESS),
                              CONFIG, CALLER, TODAY, mark)
    assert steps(waiting)[0][1] == "edit-intake"
    fresh = learner_context(paired_state(), CONFIG, CALLER, date(2026, 3, 3), mark)
    assert steps(fresh) == [("«Meet Paul and log your next session, planned by 2026-03-09.»", "log")]
    to_confirm, disputed_mine = session(21, 1, logged_by=2), session(22, 2, logged_by=1, status="disputed")
    context = learner_context(paired_state(sessions=[to_confirm, disputed_mine]), CONFIG, CALLER, TODAY, mark)
    assert steps(context) == [  # the mentor's own actions first, at most two
        ("«Confirm or dispute session 1, which Paul logged.»", "session-21-title"),
        ("«Paul disputed session 2: correct it so that it counts.»", "session-22-title")]
    # The mentee, who disputed session 2, is told the mentor corrects it, and may confirm it as it is.
    mentee_view = learner_context(paired_state(me_role="mentee", sessions=[
        session(21, 1, logged_by=2), session(22, 2, logged_by=1, status="disputed")]), CONFIG, CALLER, TODAY, mark)
    assert steps(mentee_view) == [
        ("«Meet Ana and log your next session, planned by 2026-03-09.»", "log"),
        ("«You disputed session 2: Ana corrects it, or you confirm it as it is.»", "session-22-title")]
    assert mentee_view["sessions"][1]["can_confirm"] and mentee_view["sessions"][1]["status"] == "disputed"
    feedback = learner_context(paired_state(status=Pair.Status.COMPLETED), CONFIG, CALLER, TODAY, mark)
    assert steps(feedback) == [("«Give your feedback on the program: it completes your grade.»", "feedback-title")]
    done = learner_context(paired_state(status=Pair.Status.COMPLETED, feedback=Feedback(satisfaction=5)), CONFIG,
                           CALLER, TODAY, mark)
    assert steps(done) == [("«You completed the program: thank you.»", None)]


def test_a_mentor_with_two_mentees_gets_a_section_per_pair_with_its_own_ids_and_steps():
    first = paired_state(status=Pair.Status.COMPLETED)  # Ana and Paul: completed, feedback open
    olga = person(3, "mentee", "Olga")
    second_pair = Pair(pk=11, mentor=first.participant, mentee=olga, status=Pair.Status.ACTIVE,
                       created_at=PAIRED_ON, paired_on=PAIRED_ON.date())
    to_confirm = Session(pk=7, number=1, logged_by_id=3, held_on=date(2026, 4, 1), minutes=60, topics=["linkedin"],
                         status=Session.Status.LOGGED)
    second = LearnerState(first.participant, second_pair, olga, [to_confirm], {}, None, NO_PROGRESS)
    state = replace(second, others=[first])  # the newest pair first
    page = learner.learner_context(state, CONFIG, CALLER, TODAY, mark, datetime.combine(TODAY, time(12), tzinfo=UTC))
    assert [(s["pair_id"], s["suffix"], s["stage"]) for s in page["sections"]] == [
        (11, "", "paired"), (10, "-p10", "completed")]
    assert page["stage"] == "paired" and page["progress"]["best_of_several"]
    steps = page["next_steps"]
    assert [step["target"] for step in steps] == ["session-7-title", "log", "p10-feedback-title"]  # all ask to act
    assert all(step["acts"] for step in steps)
    assert "Olga" in steps[0]["text"]
