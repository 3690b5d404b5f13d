"""The learner view's context, for whichever stage the learner is in: intake, waiting, paired, completed, withdrawn."""
from datetime import UTC, datetime, time

from ..core import grading
from ..core.availability import DAY_PART_HOURS, in_zone, shared
from ..core.checkins import is_due
from ..core.intake import hours_ahead, timezone_choices
from ..core.pace import next_counted_from, pace
from ..core.problems import _
from ..core.questions import unanswered
from ..core.vocabulary import (
    DAY_PARTS,
    SESSION_MINUTES,
    WEEKDAYS,
    Health,
    PairStatus,
    SessionStatus,
)
from . import checklists
from .answers import AVAILABILITY_LABEL, answer_rows, question_rows, stretches_text, titles
from .labels import (
    AREA_RATING_LABELS,
    CHECKIN_LABELS,
    DAY_PART_LABELS,
    JOINED_AS,
    MEETING_LABELS,
    PARTNER_TITLES,
    QUESTION_AUDIENCE_HINTS,
    RATING_LABELS,
    ROLE_LABELS,
    SESSION_STATUS_LABELS,
    WEEKDAY_LABELS,
    session_status_label,
)
from .meetings import meeting_context
from .next_steps import first_steps, next_steps, waiting_steps
from .reminder_notice import learner_reminders


def learner_context(state, config, caller, today, gettext, now):
    """Everything ``learner.html`` shows, for whichever stage the learner is in, and the pairs before the latest.

    ``now`` is the moment (meeting times), ``today`` the site's date (the plan)."""
    earlier = [_history(past, state.participant, config, gettext) for past in state.earlier] if state else []
    if state is not None and state.participant.withdrawn:
        return {**_withdrawn_context(state, config, now, today, gettext), "earlier": earlier}
    if state is None or state.pair is None or state.pair.status == PairStatus.ENDED:
        return {**_unpaired_context(state, config, caller, gettext), "earlier": earlier,
                "history": _history(state, state.participant, config, gettext) if state and state.pair else None}
    return {**_paired_context(state, config, now, today, gettext), "earlier": earlier}


def _catalogue(config):
    topics = {t.id: t.title for t in config.topics}
    areas = {a.id: a.title for a in config.experience_areas}
    return topics, areas


def _unpaired_context(state, config, caller, gettext):
    participant = state.participant if state else None
    answers = participant.intake if participant else {}
    topics, areas = _catalogue(config)
    ratings, area_ratings = answers.get("ratings", {}), answers.get("area_ratings", {})
    return {
        "stage": "waiting" if participant else "intake",
        "previous_pair_ended": bool(state and state.pair),
        "public_name": participant.public_name if participant else caller.full_name or caller.username,
        "next_steps": waiting_steps(gettext) if participant else [],
        "summary": [{"label": gettext("Name your partner will see"), "value": participant.public_name},
                    *answer_rows(answers, topics, areas, gettext),
                    *question_rows(answers, config.intake_questions, "partner")] if participant else [],
        "joined_as": gettext(JOINED_AS[participant.role]) if participant else "",
        "roles": [{"value": v, "label": gettext(label), "checked": answers.get("role") == v}
                  for v, label in ROLE_LABELS.items()],
        "rating_topics": [
            {"id": t.id, "title": t.title, "options": [
                {"value": value, "label": gettext(label), "checked": ratings.get(t.id) == value}
                for value, label in enumerate(RATING_LABELS)]}
            for t in config.topics],
        "rating_areas": [
            {"id": a.id, "title": a.title, "options": [
                {"value": value, "label": gettext(label), "checked": area_ratings.get(a.id) == value}
                for value, label in enumerate(AREA_RATING_LABELS)]}
            for a in config.experience_areas],
        "topic_choices": _choices(config.topics, answers, ("learn_topics", "teach_topics")),
        "area_choices": _choices(config.experience_areas, answers, ("share_experience", "learn_experience")),
        "availability_rows": [
            {"label": gettext(WEEKDAY_LABELS[day]), "slots": [
                {"value": f"{day}-{part}", "label": gettext(DAY_PART_LABELS[part]),
                 "checked": f"{day}-{part}" in answers.get("availability", [])} for part in DAY_PARTS]}
            for day in WEEKDAYS],
        "day_parts": [gettext(DAY_PART_LABELS[p]) for p in DAY_PARTS],
        "day_part_hours": gettext("On your own clock: mornings are {morning}, afternoons {afternoon} and evenings "
                                  "{evening}.").format(**{part: f"{start:02d}:00–{end:02d}:00" for part, (start, end)
                                                          in DAY_PART_HOURS.items()}),
        "timezones": timezone_choices(),
        "timezone": answers.get("timezone", "UTC"),
        "meetings": [{"value": v, "label": gettext(label), "checked": answers.get("meeting") == v}
                     for v, label in MEETING_LABELS.items()],
        "goals": answers.get("goals", ""),
        "ask_contact": config.sharing.contact,
        "contact": answers.get("contact", "") if config.sharing.contact else "",
        "ask_team": config.matching.separate_teams,
        "team": answers.get("team", ""),
        "questions": _question_fields(config.intake_questions, answers, gettext),
        "new_questions": _new_questions(participant, config, gettext),
    }


def _question_fields(questions, answers, gettext):
    """The author's own questions as the learner's forms ask them, with the answers given so far."""
    given = answers.get("questions") or {}
    return [{"id": q.id, "text": q.text, "kind": q.kind, "choices": list(q.choices), "required": q.required,
             "hint": gettext(QUESTION_AUDIENCE_HINTS[q.shown_to]),
             "value": given[q.id] if isinstance(given.get(q.id), str) else ""} for q in questions]


def _new_questions(participant, config, gettext):
    """The questions the author added since the participant answered the intake (none before they join)."""
    if participant is None:
        return []
    return _question_fields(unanswered(config.intake_questions, participant.intake.get("questions")), {}, gettext)


def _choices(entries, answers, fields):
    return [{"id": e.id, "title": e.title, **{f: e.id in answers.get(f, []) for f in fields}} for e in entries]


def _partner_facts(partner, me, config, today, gettext):
    """The partner's answers, their time zone told against the viewer's own and their availability on the
    viewer's clock (this week's), and the times both ticked, so the pair can find a time; then their answers to
    the author's own questions that partners may read."""
    topics, areas = _catalogue(config)
    facts = answer_rows(partner.intake, topics, areas, gettext)
    theirs, mine = partner.intake.get("timezone") or "UTC", me.intake.get("timezone") or "UTC"
    their_slots, my_slots = partner.intake.get("availability", []), me.intake.get("availability", [])
    times = []
    if theirs != mine:
        ahead = hours_ahead(theirs, mine, datetime.combine(today, time(12), tzinfo=UTC))
        if ahead:
            hours = f"{abs(ahead):g}"
            template = _("{zone} ({hours} h ahead of you)") if ahead > 0 else _("{zone} ({hours} h behind you)")
            for row in facts:
                if row["value"] == theirs:
                    row["value"] = gettext(template).format(zone=theirs, hours=hours)
        if their_slots:
            times.append({"label": gettext("Their availability on your clock"),
                          "value": stretches_text(in_zone(their_slots, theirs, mine, today), gettext)})
    if their_slots and my_slots:
        both = stretches_text(shared(their_slots, theirs, my_slots, mine, mine, today), gettext)
        times.append({"label": gettext("When you are both free, on your clock"),
                      "value": both or gettext("You ticked no time in common: propose one below.")})
    at = next((i + 1 for i, row in enumerate(facts) if row["label"] == gettext(AVAILABILITY_LABEL)), len(facts))
    return facts[:at] + times + facts[at:] + question_rows(partner.intake, config.intake_questions, "partner")


def _paired_context(state, config, now, today, gettext):
    """The page of a learner in a pair: their progress over every current pair (a mentor may have several
    mentees), what waits for them in each, and a section per pair, the latest first."""
    sections = [_pair_section(pair_state, config, now, today, gettext, first=n == 0)
                for n, pair_state in enumerate([state, *state.others])]
    progress = state.progress
    return {
        "stage": "paired" if any(s["stage"] == "paired" for s in sections) else "completed",
        "next_steps": first_steps([step for section in sections for step in section.pop("steps")], len(sections)),
        "new_questions": _new_questions(state.participant, config, gettext),
        "sections": sections,
        "reminders_off": state.participant.reminders_off,  # the learner turned reminder e-mails off
        "remind_days": config.monitoring.remind_days,  # 0: the program sends no reminders
        "progress": {
            "percent": grading.points(progress, config.grading),
            "sessions_confirmed": progress.sessions_confirmed, "sessions_planned": progress.sessions_planned,
            "items_confirmed": progress.items_confirmed, "items_total": progress.items_total,
            "feedback_given": progress.feedback_given,
            "best_of_several": len(sections) + len(state.earlier) > 1,
        },
    }


def _pair_section(state, config, now, today, gettext, first):
    """One pair as the learner works in it: partner, next meeting, plan, checklists, sessions, feedback.

    Its element ids and the links of its steps carry a suffix (``-p<pair id>``) but for the first section, so
    that a mentor's sections never share an id and a learner with one pair keeps the ids it always had.
    """
    pair, me, partner = state.pair, state.participant, state.partner
    topics, areas = _catalogue(config)
    focus = config.focus_topics(pair.learn_topics)
    counted = _counted(state.sessions)
    placed = [s for s in state.sessions if s.counts or s.status != SessionStatus.CONFIRMED]  # the plan's places
    confirmed_keys, pending_keys = set(), set()
    for session in placed:
        target = confirmed_keys if session.status == SessionStatus.CONFIRMED else pending_keys
        target.update(state.ticks.get(session.id, ()))
    item_titles = checklists.item_titles(config, gettext)
    seen = _pace_of(state, config, today) if pair.status == PairStatus.ACTIVE else None
    can_log = pair.status == PairStatus.ACTIVE and len(placed) < config.plan.count
    feedback_open = pair.status == PairStatus.COMPLETED and state.own_feedback is None
    meeting = meeting_context(state, now, gettext) if pair.status == PairStatus.ACTIVE else None
    suffix = "" if first else f"p{pair.pk}"
    steps = next_steps(state, can_log, seen and seen.next_target, feedback_open, meeting, gettext)
    return {
        "pair_id": pair.pk,
        "suffix": f"-{suffix}" if suffix else "",
        "steps": [{**step, "target": f"{suffix}-{step['target']}" if suffix and step["target"] else step["target"]}
                  for step in steps],
        "pace": _pace_message(state, seen, gettext),
        "reminders": learner_reminders(state, config, today, gettext),
        "meeting": meeting,
        "stage": "completed" if pair.status == PairStatus.COMPLETED else "paired",
        "partner_title": gettext(PARTNER_TITLES[me.role]),
        "partner": {
            "name": partner.public_name,
            "role_label": gettext(ROLE_LABELS[partner.role]),
            "facts": _partner_facts(partner, me, config, today, gettext),
            "goals": partner.intake.get("goals", ""),
            "contact": partner.intake.get("contact", "") if config.sharing.contact else "",
        },
        "share_link": config.sharing.meeting_link,
        "meeting_link": pair.meeting_link if config.sharing.meeting_link else "",
        "plan": [
            {"number": number, "target": target.isoformat(), "agenda": config.agenda_of(number),
             "status": gettext(SESSION_STATUS_LABELS[placed[number - 1].status]) if number <= len(placed)
             else gettext("Not logged yet")}
            for number, target in enumerate(config.plan.target_dates(pair.paired_on), start=1)],
        "has_agenda": any(config.session_agenda),
        "checklists": [
            {"id": topic_id, "title": topics[topic_id], "items": [
                {"title": item.title,
                 "done": (topic_id, item.id) in confirmed_keys,
                 "pending": (topic_id, item.id) in pending_keys and (topic_id, item.id) not in confirmed_keys}
                for item in config.topic(topic_id).items]}
            for topic_id in focus],
        "sessions": [_session_row(s, state.ticks, me, topics, item_titles, gettext, counted) for s in state.sessions],
        "can_log": can_log,
        "next_agenda": {"number": len(placed) + 1, "text": config.agenda_of(len(placed) + 1)} if can_log else None,
        "counts_from": _iso(next_counted_from([s.held_on for s in counted], config.plan.min_gap_days)),
        "log_topics": [{"id": t, "title": topics[t], "items": [
            {"value": f"{t}/{i.id}", "title": i.title} for i in config.topic(t).items]} for t in focus],
        "new_session": {"id": None, "held_on": "", "minutes": "", "notes": "", "topic_ids": [], "item_values": []},
        "minutes_default": config.plan.minutes,
        "session_minutes": SESSION_MINUTES,
        "today": today.isoformat(),
        "feedback_open": feedback_open,
        "checkin_open": (pair.status == PairStatus.ACTIVE and not state.checked_in
                         and is_due(config.plan.count, pair.sessions_confirmed)),
        "checkin_working": [{"value": value, "label": gettext(label)} for value, label in CHECKIN_LABELS.items()],
        "feedback_topics": [{"id": t, "title": (areas if me.role == "mentor" else topics)[t], "options": list(range(5))}
                            for t in config.learned_in(me.role, pair.mentee.intake)],
        "feedback_question": gettext(FEEDBACK_QUESTIONS[me.role]),
        "satisfaction_options": list(range(1, 6)),
    }


def _history(past, me, config, gettext):
    """A pair that ended (``past``: a learner state or a ``PastPair``), read-only: with whom, when, its sessions,
    and why when the author shares it."""
    pair = past.pair
    topics, _areas = _catalogue(config)
    item_titles = checklists.item_titles(config, gettext)
    rows = [_session_row(s, past.ticks, me, topics, item_titles, gettext, _counted(past.sessions))
            for s in past.sessions]
    for row in rows:
        row.update(can_review=False, can_confirm=False, can_correct=False)
    return {"partner": past.partner.public_name or gettext("a participant who has left"),
            "paired_on": pair.paired_on.isoformat(),
            "ended_on": pair.ended_at.date().isoformat() if pair.ended_at else "",
            "reason": pair.end_reason if config.monitoring.pairs_see_end_reason else "", "sessions": rows}


def _withdrawn_context(state, config, now, today, gettext):
    """A withdrawn participant's record, read-only: when they left, and their last pair's history and score."""
    left_on = {"withdrawn_on": state.participant.left_at.date().isoformat()}
    if state.pair is None:
        return {"stage": "withdrawn", **left_on}
    context = _paired_context(state, config, now, today, gettext)
    for section in context["sections"]:
        for row in section["sessions"]:
            row.update(can_review=False, can_confirm=False, can_correct=False)
        section.update(stage="withdrawn", pace="", can_log=False, next_agenda=None, feedback_open=False, meeting=None,
                       reminders=[])
    return {**context, **left_on, "stage": "withdrawn", "next_steps": [], "new_questions": []}


def _counted(sessions):
    """The confirmed sessions that count towards the plan (decided as each was confirmed)."""
    return [s for s in sessions if s.status == SessionStatus.CONFIRMED and s.counts]


def _iso(day):
    return day.isoformat() if day else ""


def _session_row(session, ticks, me, topics, item_titles, gettext, counted=()):
    """One session as the pair reads it; one that does not count names the session that counts it was held too
    close to (the nearest of ``counted``)."""
    mine = session.logged_by_id == me.pk
    open_ = session.status != SessionStatus.CONFIRMED
    too_close = None if open_ or session.counts or not counted else min(
        counted, key=lambda other: (abs((other.held_on - session.held_on).days), other.number))
    return {
        "id": session.id,
        "form_id": str(session.id),
        "number": session.number,
        "held_on": session.held_on.isoformat(),
        "minutes": session.minutes,
        "topics": ", ".join(titles(session.topics, topics)),
        "items": checklists.ticked_titles(item_titles, ticks.get(session.id, ())),
        "notes": session.notes,
        "status": session.status,
        "status_label": session_status_label(session, gettext),
        "too_close_to": {"number": too_close.number, "date": too_close.held_on.isoformat()} if too_close else None,
        "dispute_reason": session.dispute_reason,
        "logged_by_me": mine,
        "can_review": open_ and not mine and session.status == SessionStatus.LOGGED,
        "can_confirm": open_ and not mine,
        "can_correct": open_ and mine,
        "topic_ids": list(session.topics),
        "item_values": [f"{t}/{i}" for t, i in ticks.get(session.id, ())],
    }


FEEDBACK_QUESTIONS = {
    "mentee": _("How confident are you now in each topic? (0 = not at all, 4 = fully)"),
    "mentor": _("How well do you know each area of experience your partner shared, now? (0 = not at all, 4 = fully)"),
}

PACE_MESSAGES = {
    Health.ON_TRACK: _("You are on track. Your next session is planned by {date}."),
    Health.BEHIND: _("Your next session was planned for {date}: a good moment to agree on a date with {partner}."),
    Health.STALLED: _("It has been a while since you last met. Suggest a date to {partner}: even a short session "
                      "keeps the program going."),
    Health.DISPUTED: _("A session waits for its correction before it counts; then keep going with {partner}."),
}


def _pace_of(state, config, today):
    """The pair's pace against its plan (the same rules staff see)."""
    confirmed = _counted(state.sessions)
    return pace(config.plan, state.pair.paired_on, today, confirmed=len(confirmed),
                last_confirmed_on=max((s.held_on for s in confirmed), default=None),
                disputed=any(s.status == SessionStatus.DISPUTED for s in state.sessions),
                grace_days=config.monitoring.grace_days)


def _pace_message(state, seen, gettext):
    """The pair's pace in encouraging words, with the next target date."""
    if seen is None or seen.next_target is None:
        return ""
    return gettext(PACE_MESSAGES[seen.health]).format(date=seen.next_target.isoformat(),
                                                      partner=state.partner.public_name)
