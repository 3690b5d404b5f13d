"""The program, and a learner's place in it, as plain data for the mobile apps and MFEs (``docs/native.md``).

``program_data`` is what the Course Blocks API caches as ``student_view_data``: it is built once per publish,
without a user, so it holds the author's settings and never a learner's. ``learner_data`` answers the
``learner_state`` handler from the same context the HTML learner view renders, so both show the same facts
to the same people. Texts learners wrote are returned as written: JSON is not HTML, its consumer escapes them.
"""
from ..core import grading
from ..core.availability import DAY_PART_HOURS
from ..core.checkins import is_due
from ..core.problems import ProblemList, _
from ..core.vocabulary import (
    AVAILABILITY_SLOTS,
    DAY_PARTS,
    RATINGS,
    ROLES,
    SATISFACTION,
    SESSION_MINUTES,
    TEXT_LIMITS,
    WEEKDAYS,
    PairStatus,
    SessionStatus,
    Stage,
)
from .answers import answer_rows
from .labels import (
    AREA_RATING_LABELS,
    CHECKIN_LABELS,
    DAY_PART_LABELS,
    MEETING_LABELS,
    RATING_LABELS,
    ROLE_LABELS,
    WEEKDAY_LABELS,
)

VERSION = 1
NOT_JOINED = "not_joined"
EDITABLE_STAGES = (NOT_JOINED, Stage.WAITING, Stage.ENDED)  # the intake can change until the learner is paired
LEARNER_HANDLERS = ("learner_state", "submit_intake", "answer_questions", "set_meeting_link", "propose_meeting",
                    "answer_meeting", "log_session", "confirm_session", "dispute_session", "submit_checkin",
                    "submit_feedback", "dismiss_settings_notice", "set_reminders")


def program_data(display_name, load_config, gettext):
    """What any enrolled learner may know of the program; ``load_config`` is the block's ``config`` method, whose
    problems replace the program's settings (as the HTML view shows them instead of the program)."""
    try:
        config = load_config()
    except ProblemList as error:
        return {"version": VERSION, "display_name": display_name,
                "problems": [problem.render(gettext) for problem in error.problems]}
    plan, policy, matching = config.plan, config.grading, config.matching
    return {
        "version": VERSION,
        "display_name": display_name,
        "goal": config.goal,
        "goal_kind": config.goal_kind,
        "topics": [{"id": t.id, "title": t.title, "items": [{"id": i.id, "title": i.title} for i in t.items]}
                   for t in config.topics],
        "experience_areas": [{"id": a.id, "title": a.title} for a in config.experience_areas],
        "session_plan": {"count": plan.count, "minutes": plan.minutes, "cadence_days": plan.cadence_days,
                         "min_gap_days": plan.min_gap_days, "target_offsets_days": plan.target_offsets,
                         "agenda": list(config.session_agenda)},
        "session_minutes": {"min": SESSION_MINUTES[0], "max": SESSION_MINUTES[1]},
        "intake": _intake_questions(config, gettext),
        "feedback": {"satisfaction": list(SATISFACTION), "confidence": list(RATINGS)},
        "grading": {"sessions": policy.sessions, "checklist": policy.checklist, "feedback": policy.feedback,
                    "max_points": grading.MAX_POINTS},
        "matching": {"mode": "automatic" if matching.auto_match_min else "manual",
                     "automatic_from": matching.auto_match_min, "mentor_capacity": matching.mentor_capacity,
                     "separate_teams": matching.separate_teams},
        "privacy": {"staff_read_notes": config.monitoring.staff_see_notes,
                    "pairs_read_end_reason": config.monitoring.pairs_see_end_reason,
                    "pairs_share_link": config.sharing.meeting_link,
                    "pairs_share_contact": config.sharing.contact},
        "problems": [],
    }


def _intake_questions(config, gettext):
    """The questionnaire in the HTML form's order and words; ``required_for`` names the roles that must answer. The
    author's own questions come last, each named by its path in the ``submit_intake`` payload
    (``questions.<id>``)."""
    def labelled(labels):
        return [{"value": value, "label": gettext(label)} for value, label in labels]

    def question(name, kind, label, required_for, **extra):
        return {"name": name, "kind": kind, "label": gettext(label), "required_for": list(required_for), **extra}

    team = [question("team", "line", _("Your team or department"), ROLES, max_length=TEXT_LIMITS["team"])]
    contact = [question("contact", "line", _("How your partner can reach you (optional)"), [],
                        max_length=TEXT_LIMITS["contact"])]
    own = [{"name": f"questions.{q.id}", "kind": "choice" if q.kind == "choice" else "paragraph", "label": q.text,
            "required_for": list(ROLES) if q.required else [],
            **({"choices": [{"value": text, "label": text} for text in q.choices]} if q.kind == "choice"
               else {"max_length": TEXT_LIMITS["question_answer"]})} for q in config.intake_questions]
    return [
        question("public_name", "line", _("Name your partner will see"), ROLES,
                 max_length=TEXT_LIMITS["public_name"]),
        *(team if config.matching.separate_teams else []),
        question("role", "choice", _("I join as"), ROLES, choices=labelled(ROLE_LABELS.items())),
        question("ratings", "topic_ratings", _("How confident are you with each digital topic?"), ROLES,
                 scale=labelled(enumerate(RATING_LABELS))),
        question("learn_topics", "topics", _("Digital topics I want to learn"), ["mentee"]),
        question("teach_topics", "topics", _("Digital topics I can teach"), ["mentor"]),
        question("share_experience", "experience_areas", _("Experience I can share"), ["mentee"]),
        question("learn_experience", "experience_areas", _("Experience I would like to hear about (optional)"), []),
        question("area_ratings", "area_ratings", _("Mentors: how well do you know each area of experience today?"),
                 ["mentor"], scale=labelled(enumerate(AREA_RATING_LABELS))),
        question("goals", "paragraph", _("My goals, in my own words (optional)"), [],
                 max_length=TEXT_LIMITS["goals"]),
        *(contact if config.sharing.contact else []),
        question("availability", "slots", _("When could you usually meet?"), ROLES, choices=list(AVAILABILITY_SLOTS),
                 weekdays=labelled((day, WEEKDAY_LABELS[day]) for day in WEEKDAYS),
                 day_parts=[{"value": part, "label": gettext(DAY_PART_LABELS[part]),
                             "hours": list(DAY_PART_HOURS[part])} for part in DAY_PARTS]),
        question("timezone", "time_zone", _("Time zone"), ROLES, default="UTC"),
        question("meeting", "choice", _("I prefer to meet"), ROLES, choices=labelled(MEETING_LABELS.items())),
        *own,
    ]


def learner_data(state, context, config, handler_url, gettext):
    """The caller's own state: ``state`` from ``domain.learner_state``, ``context`` from
    ``learner.learner_context`` built on it, ``handler_url(name, query="")`` the runtime's address of a handler."""
    me = state.participant if state else None
    stage = _stage(context)
    topics = {t.id: t.title for t in config.topics}
    areas = {a.id: a.title for a in config.experience_areas}
    pair_states = {s.pair.pk: s for s in ([state, *state.others] if state and state.pair else [])}
    past = ([context["history"]] if context.get("history") else []) + list(context.get("earlier", ()))
    order = {f"{topic}/{item}": n for n, (topic, item) in enumerate(config.checklist_keys(config.topic_ids))}
    return {
        "version": VERSION,
        "stage": stage,
        "role": me.role if me else None,
        "public_name": me.public_name if me else None,
        "answers": me.intake if me else None,
        "summary": answer_rows(me.intake, topics, areas, gettext) if me else [],
        "can_edit_intake": stage in EDITABLE_STAGES,
        "new_questions": [f"questions.{question['id']}" for question in context.get("new_questions", ())],
        "withdrawn_on": context.get("withdrawn_on"),
        "settings_notice": context.get("settings_notice"),  # {"id", "lines"}: dismissed by its id
        "reminders_off": me.reminders_off if me else None,  # the caller turned reminder e-mails off
        "next_steps": [{"text": step["text"], "acts": step.get("acts", True)}
                       for step in context.get("next_steps", ())],
        "progress": _progress(state, config, context) if me else None,
        "pairs": [_pair(section, pair_states[section["pair_id"]], config, handler_url, order, gettext)
                  for section in context.get("sections", ())],
        "past_pairs": [{"partner_name": p["partner"], "paired_on": p["paired_on"], "ended_on": p["ended_on"] or None,
                        "reason": p["reason"] or None, "sessions": [_session(row, order) for row in p["sessions"]]}
                       for p in past],
        "handlers": {name: handler_url(name) for name in LEARNER_HANDLERS},
    }


def _stage(context):
    """The learner view's stage, told apart where a native screen differs: not joined yet, or waiting again."""
    stage = context["stage"]
    if stage == "intake":
        return NOT_JOINED
    if stage == Stage.WAITING and context.get("previous_pair_ended"):
        return Stage.ENDED
    return stage


def _progress(state, config, context):
    """The graded progress (the best pair's), also while waiting again after a pair that earned points."""
    progress = state.progress
    return {"points": grading.points(progress, config.grading), "max_points": grading.MAX_POINTS,
            "completion": grading.completion(progress),
            "sessions_confirmed": progress.sessions_confirmed, "sessions_planned": progress.sessions_planned,
            "items_confirmed": progress.items_confirmed, "items_total": progress.items_total,
            "feedback_given": progress.feedback_given,
            "best_of_several": context.get("progress", {}).get("best_of_several", False)}


def _pair(section, pair_state, config, handler_url, order, gettext):
    """One current pair as the learner works in it: the HTML section's facts, with ids and ISO times added."""
    partner = section["partner"]
    counted = [s for s in pair_state.sessions if s.status == SessionStatus.CONFIRMED and s.counts]
    return {
        "pair_id": section["pair_id"],
        "stage": section["stage"],
        "partner": {"public_name": partner["name"], "role": pair_state.partner.role,
                    "role_label": partner["role_label"], "facts": partner["facts"],
                    "goals": partner["goals"], "contact": partner["contact"]},
        "meeting_link": section["meeting_link"],
        "pace": section["pace"],
        "meeting": _meeting(section["meeting"], pair_state, handler_url),
        "plan": {"sessions_counted": len(counted), "sessions_planned": config.plan.count,
                 "counts_from": section["counts_from"] or None,
                 "targets": [{"number": row["number"], "date": row["target"], "status_label": row["status"],
                              "agenda": row["agenda"]} for row in section["plan"]]},
        "checklists": [_checklist(checklist, config) for checklist in section["checklists"]],
        "sessions": [_session(row, order) for row in section["sessions"]],
        "can_log": section["can_log"],
        "reminders": [{"kind": line["kind"], "text": line["text"]} for line in section["reminders"]],
        "checkin": _checkin(pair_state, config, gettext),
        "feedback": {"open": section["feedback_open"], "given": pair_state.own_feedback is not None,
                     "question": section["feedback_question"],
                     "topics": [{"id": t["id"], "title": t["title"]} for t in section["feedback_topics"]]},
    }


def _checkin(pair_state, config, gettext):
    """The caller's own halfway check-in in this pair: whether it is due now, whether they answered, and their own
    answers (their comment to staff included); the partner's answers never come."""
    pair, own = pair_state.pair, pair_state.own_checkin
    due = pair.status == PairStatus.ACTIVE and is_due(config.plan.count, pair.sessions_confirmed)
    return {"due": due, "answered": own is not None,
            "answers": {"working": own.working, "working_label": gettext(CHECKIN_LABELS[own.working]),
                        "satisfaction": own.satisfaction, "comment": own.comment,
                        "submitted_at": own.submitted_at.isoformat()} if own else None}


def _meeting(meeting, pair_state, handler_url):
    """The agreed and the proposed time, in words on the learner's clock and as UTC ISO moments."""
    if meeting is None:
        return None
    agreed, proposal = meeting["agreed"], meeting["proposal"]
    return {
        "time_zone": meeting["zone"],
        "agreed": {"id": agreed["id"], "when": agreed["when"], "minutes": agreed["minutes"],
                   "starts_at": pair_state.agreed_meeting.starts_at.isoformat(),
                   "calendar_url": handler_url("meeting_calendar", f"meeting={agreed['id']}")} if agreed else None,
        "proposal": {"id": proposal["id"], "when": proposal["when"], "minutes": proposal["minutes"],
                     "starts_at": pair_state.open_meeting.starts_at.isoformat(), "by_me": proposal["by_me"],
                     "passed": proposal["passed"]} if proposal else None,
    }


def _checklist(checklist, config):
    items = [{"id": item.id, "title": row["title"], "done": row["done"], "pending": row["pending"]}
             for row, item in zip(checklist["items"], config.topic(checklist["id"]).items, strict=True)]
    return {"topic_id": checklist["id"], "title": checklist["title"], "items": items,
            "done": sum(item["done"] for item in items), "total": len(items)}


def _session(row, order):
    """A session row of the HTML view, its items in the catalogue's ``order``; ``waiting_for`` says whose move it
    is: confirming, or correcting."""
    status, mine = row["status"], row["logged_by_me"]
    waiting_for = None
    if status == SessionStatus.LOGGED:  # the partner who did not log it confirms or disputes it
        waiting_for = "partner" if mine else "me"
    elif status == SessionStatus.DISPUTED:  # the logger corrects it
        waiting_for = "me" if mine else "partner"
    return {
        "id": row["id"], "number": row["number"], "held_on": row["held_on"], "minutes": row["minutes"],
        "topic_ids": row["topic_ids"], "item_titles": row["items"],
        "items": sorted(row["item_values"], key=lambda key: order.get(key, len(order))),
        "notes": row["notes"], "status": status, "status_label": row["status_label"],
        "too_close_to": row["too_close_to"], "dispute_reason": row["dispute_reason"] or None,
        "logged_by_me": mine, "waiting_for": waiting_for,
        "can_confirm": row["can_confirm"], "can_dispute": row["can_review"], "can_correct": row["can_correct"],
    }
