"""Template contexts for the learner view, the staff panel and the Studio summary.

Turns domain objects into plain values a template shows as they are (Django's auto-escaping does the
rest); no queries happen here.
"""
from . import grading
from .api import focus_topics
from .intake import AVAILABILITY_SLOTS, DAY_PARTS, MEETING_PREFERENCES, WEEKDAYS, timezone_choices
from .models import MatchRun, Pair, Session
from .problems import _, render_message



ROLE_LABELS = {"mentor": _("Mentor"), "mentee": _("Mentee")}
WEEKDAY_LABELS = dict(zip(WEEKDAYS, (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
                                     _("Saturday"), _("Sunday"))))
DAY_PART_LABELS = dict(zip(DAY_PARTS, (_("Morning"), _("Afternoon"), _("Evening"))))
MEETING_LABELS = dict(zip(MEETING_PREFERENCES, (_("Remote"), _("In person"), _("Either"))))
SESSION_STATUS_LABELS = {
    Session.Status.LOGGED: _("Waiting for confirmation"),
    Session.Status.CONFIRMED: _("Confirmed"),
    Session.Status.DISPUTED: _("Disputed"),
}
PAIR_STATUS_LABELS = {Pair.Status.ACTIVE: _("Active"), Pair.Status.COMPLETED: _("Completed"),
                      Pair.Status.ENDED: _("Ended")}
RATING_LABELS = (_("0 - never used"), _("1 - beginner"), _("2 - basic"), _("3 - confident"), _("4 - expert"))


def learner_context(state, config, caller, today, gettext):
    """Everything ``learner.html`` shows, for whichever stage the learner is in."""
    if state is None or state.pair is None or state.pair.status == Pair.Status.ENDED:
        return _unpaired_context(state, config, caller, gettext)
    return _paired_context(state, config, today, gettext)


def _titles(ids, lookup):
    return [lookup[i] for i in ids if i in lookup]


def _catalogue(config):
    topics = {t.id: t.title for t in config.topics}
    areas = {a.id: a.title for a in config.experience_areas}
    return topics, areas


def _unpaired_context(state, config, caller, gettext):
    participant = state.participant if state else None
    answers = participant.intake if participant else {}
    topics, areas = _catalogue(config)
    ratings = answers.get("ratings", {})
    return {
        "stage": "waiting" if participant else "intake",
        "previous_pair_ended": bool(state and state.pair),
        "public_name": participant.public_name if participant else caller.full_name or caller.username,
        "role_label": gettext(ROLE_LABELS[participant.role]) if participant else "",
        "summary": _intake_summary(answers, topics, areas, gettext) if participant else [],
        "roles": [{"value": v, "label": gettext(label), "checked": answers.get("role") == v}
                  for v, label in ROLE_LABELS.items()],
        "rating_topics": [
            {"id": t.id, "title": t.title, "options": [
                {"value": value, "label": gettext(label), "checked": ratings.get(t.id) == value}
                for value, label in enumerate(RATING_LABELS)]}
            for t in config.topics],
        "topic_choices": _choices(config.topics, answers, ("learn_topics", "teach_topics")),
        "area_choices": _choices(config.experience_areas, answers, ("share_experience", "learn_experience")),
        "availability_rows": [
            {"label": gettext(WEEKDAY_LABELS[day]), "slots": [
                {"value": f"{day}-{part}", "label": gettext(DAY_PART_LABELS[part]),
                 "checked": f"{day}-{part}" in answers.get("availability", [])} for part in DAY_PARTS]}
            for day in WEEKDAYS],
        "day_parts": [gettext(DAY_PART_LABELS[p]) for p in DAY_PARTS],
        "timezones": timezone_choices(),
        "timezone": answers.get("timezone", "UTC"),
        "meetings": [{"value": v, "label": gettext(label), "checked": answers.get("meeting") == v}
                     for v, label in MEETING_LABELS.items()],
        "goals": answers.get("goals", ""),
        "ask_team": config.matching.separate_teams,
        "team": answers.get("team", ""),
    }


def _choices(entries, answers, fields):
    return [{"id": e.id, "title": e.title, **{f: e.id in answers.get(f, []) for f in fields}} for e in entries]


def _intake_summary(answers, topics, areas, gettext):
    return [
        {"label": gettext("Wants to learn"), "value": ", ".join(_titles(answers.get("learn_topics", []), topics))},
        {"label": gettext("Can teach"), "value": ", ".join(_titles(answers.get("teach_topics", []), topics))},
        {"label": gettext("Experience to share"),
         "value": ", ".join(_titles(answers.get("share_experience", []), areas))},
        {"label": gettext("Experience to learn"),
         "value": ", ".join(_titles(answers.get("learn_experience", []), areas))},
        {"label": gettext("Availability"), "value": ", ".join(
            f"{gettext(WEEKDAY_LABELS[s.split('-')[0]])} {gettext(DAY_PART_LABELS[s.split('-')[1]]).lower()}"
            for s in answers.get("availability", []) if s in AVAILABILITY_SLOTS)},
        {"label": gettext("Time zone"), "value": answers.get("timezone", "")},
    ]


def _paired_context(state, config, today, gettext):
    pair, me, partner = state.pair, state.participant, state.partner
    topics, areas = _catalogue(config)
    focus = focus_topics(pair, config)
    confirmed_keys, pending_keys = set(), set()
    for session in state.sessions:
        target = confirmed_keys if session.status == Session.Status.CONFIRMED else pending_keys
        target.update(state.ticks.get(session.id, ()))
    item_titles = {(t.id, i.id): i.title for t in config.topics for i in t.items}
    progress = state.progress
    by_number = {s.number: s for s in state.sessions}
    return {
        "stage": "completed" if pair.status == Pair.Status.COMPLETED else "paired",
        "role_label": gettext(ROLE_LABELS[me.role]),
        "partner": {
            "name": partner.public_name,
            "role_label": gettext(ROLE_LABELS[partner.role]),
            "facts": [row for row in _intake_summary(partner.intake, topics, areas, gettext)[:4] if row["value"]],
            "goals": partner.intake.get("goals", ""),
        },
        "meeting_link": pair.meeting_link,
        "plan": [
            {"number": number, "target": target.isoformat(),
             "status": gettext(SESSION_STATUS_LABELS[by_number[number].status]) if number in by_number
             else gettext("Not logged yet")}
            for number, target in enumerate(config.plan.target_dates(pair.created_at.date()), start=1)],
        "checklists": [
            {"id": topic_id, "title": topics[topic_id], "items": [
                {"title": item.title,
                 "done": (topic_id, item.id) in confirmed_keys,
                 "pending": (topic_id, item.id) in pending_keys and (topic_id, item.id) not in confirmed_keys}
                for item in config.topic(topic_id).items]}
            for topic_id in focus],
        "sessions": [_session_row(s, state.ticks, me, topics, item_titles, gettext) for s in state.sessions],
        "can_log": pair.status == Pair.Status.ACTIVE and len(state.sessions) < config.plan.count,
        "log_topics": [{"id": t, "title": topics[t], "items": [
            {"value": f"{t}/{i.id}", "title": i.title} for i in config.topic(t).items]} for t in focus],
        "new_session": {"id": None, "held_on": "", "minutes": "", "notes": "", "topic_ids": [], "item_values": []},
        "minutes_default": config.plan.minutes,
        "today": today.isoformat(),
        "progress": {
            "percent": grading.points(progress, config.grading),
            "sessions_confirmed": progress.sessions_confirmed, "sessions_planned": progress.sessions_planned,
            "items_confirmed": progress.items_confirmed, "items_total": progress.items_total,
            "feedback_given": progress.feedback_given,
        },
        "feedback_open": pair.status == Pair.Status.COMPLETED and state.own_feedback is None,
        "feedback_topics": [{"id": t, "title": topics[t], "options": list(range(5))} for t in focus],
        "satisfaction_options": list(range(1, 6)),
    }


def _session_row(session, ticks, me, topics, item_titles, gettext):
    mine = session.logged_by_id == me.pk
    open_ = session.status != Session.Status.CONFIRMED
    return {
        "id": session.id,
        "number": session.number,
        "held_on": session.held_on.isoformat(),
        "minutes": session.minutes,
        "topics": ", ".join(_titles(session.topics, topics)),
        "items": [item_titles[key] for key in ticks.get(session.id, ()) if key in item_titles],
        "notes": session.notes,
        "status": session.status,
        "status_label": gettext(SESSION_STATUS_LABELS[session.status]),
        "dispute_reason": session.dispute_reason,
        "logged_by_me": mine,
        "can_review": open_ and not mine and session.status == Session.Status.LOGGED,
        "can_confirm": open_ and not mine,
        "can_correct": open_ and mine,
        "topic_ids": list(session.topics),
        "item_values": [f"{t}/{i}" for t, i in ticks.get(session.id, ())],
    }


def staff_context(participants, pairs, config, gettext):
    """Rows for the staff panel, plus who can be paired right now."""
    busy = {p.active_mentee_id for p in pairs if p.status == Pair.Status.ACTIVE}
    busy |= {p.active_mentor_id for p in pairs if p.status == Pair.Status.ACTIVE}
    done = {pid for p in pairs if p.status == Pair.Status.COMPLETED for pid in (p.mentor_id, p.mentee_id)}
    rows = []
    for participant in participants:
        status = (_("Completed") if participant.pk in done else _("Paired") if participant.pk in busy
                  else _("Waiting"))
        rows.append({
            "id": participant.pk, "name": participant.public_name, "username": participant.user.username,
            "role": participant.role, "role_label": gettext(ROLE_LABELS[participant.role]),
            "joined_at": participant.joined_at, "waiting_since": participant.waiting_since,
            "status": gettext(status), "free": participant.pk not in busy and participant.pk not in done,
        })
    return {
        "participants": rows,
        "free_mentors": [r for r in rows if r["free"] and r["role"] == "mentor"],
        "free_mentees": [r for r in rows if r["free"] and r["role"] == "mentee"],
        "pairs": [{
            "id": pair.id, "mentor": pair.mentor.public_name, "mentee": pair.mentee.public_name,
            "status": pair.status, "status_label": gettext(PAIR_STATUS_LABELS[pair.status]),
            "created_at": pair.created_at, "confirmed": pair.confirmed_count, "planned": config.plan.count,
            "pending": pair.pending_count, "last_session_on": pair.last_session_on, "end_reason": pair.end_reason,
        } for pair in pairs],
    }


WAITLIST_LABELS = {
    "no_capacity": _("every mentor who suits them is full"),
    "no_compatible_partner": _("the program's rules allow no partner"),
    "no_mentee_left": _("no mentee left to pair"),
}
COMPONENT_LABELS = {"digital": _("Digital"), "reverse": _("Reverse"), "goals": _("Goals"),
                    "availability": _("Availability"), "time_zone": _("Time zone"), "meeting": _("Meeting")}


def _unavailable(pairs, capacity):
    """Participants who cannot take (another) partner now: proposals naming them are out of date."""
    unavailable, mentor_load = set(), {}
    for pair in pairs:
        if pair.status == Pair.Status.COMPLETED:
            unavailable.update((pair.mentor_id, pair.mentee_id))
        elif pair.status == Pair.Status.ACTIVE:
            unavailable.add(pair.mentee_id)
            mentor_load[pair.mentor_id] = mentor_load.get(pair.mentor_id, 0) + 1
    return unavailable | {mentor for mentor, load in mentor_load.items() if load >= capacity}


def matching_context(run, participants, pairs, config, gettext):
    """The matching card of the staff panel: start, progress, or proposals to review."""
    if run is None:
        return {"state": "none"}
    names = {p.pk: p.public_name for p in participants}
    context = {"state": run.status, "run_id": run.pk,
               "adjust_actions": [{"value": "exclude", "label": gettext("Exclude")},
                                  {"value": "lock", "label": gettext("Lock")}], "progress": run.progress,
               "running": run.status in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING)}
    if run.status == MatchRun.Status.APPLIED:
        context["applied_count"] = run.pairs.count()
    if run.status != MatchRun.Status.READY:
        return context
    result = run.result
    unavailable = _unavailable(pairs, config.matching.mentor_capacity)
    proposals = [{
        "stale": p["mentor"] in unavailable or p["mentee"] in unavailable,
        "value": f"{p['mentor']}:{p['mentee']}", "mentor_id": p["mentor"], "mentee_id": p["mentee"],
        "mentor": names.get(p["mentor"], "?"), "mentee": names.get(p["mentee"], "?"),
        "score": round(p["score"] * 100), "locked": p["locked"],
        "reasons": [render_message(r["message"], r["params"], gettext) for r in p["reasons"]],
        "breakdown": ", ".join(f"{gettext(COMPONENT_LABELS[name])} {round(value * 100)}"
                               for name, value in p["breakdown"].items() if name in COMPONENT_LABELS),
        "blocking": p["blocking"] and {
            "count": p["blocking"]["count"], "mentor": names.get(p["blocking"]["mentor"], "?"),
            "mentee": names.get(p["blocking"]["mentee"], "?")},
    } for p in result["proposals"]]
    context.update({
        "proposals": proposals,
        "total": round(result["total"] * 100),
        "waitlist": [{"name": names.get(w["participant"], "?"), "role_label": gettext(ROLE_LABELS[w["role"]]),
                      "reason": gettext(WAITLIST_LABELS.get(w["reason"], w["reason"]))} for w in result["waitlist"]],
        "blocking_checked": result["blocking_checked"],
        "excluded": [{"mentor": names.get(m, "?"), "mentee": names.get(e, "?")} for m, e in run.excluded],
        "locked_pairs": [{"mentor_id": m, "mentee_id": e, "mentor": names.get(m, "?"), "mentee": names.get(e, "?")}
                         for m, e in run.locked],
    })
    return context


def author_summary(config):
    """What Studio shows authors in place of the learner view."""
    return {
        "goal": config.goal,
        "topics": [{"title": t.title, "count": len(t.items)} for t in config.topics],
        "areas": [a.title for a in config.experience_areas],
        "plan": config.plan,
    }
