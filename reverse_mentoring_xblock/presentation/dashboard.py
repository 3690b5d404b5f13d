"""The staff dashboard's contexts: the overview with its charts, the pair and participant tables, a pair's timeline.

Presenters receive what the domain layer read and never query. Charts are drawn as SVG here (bars with
their numbers written on them, never colour alone), each with a table of the same numbers.
"""
from ..core.pace import next_target
from ..core.table_queries import PAIR_SORT_KEYS, PARTICIPANT_SORT_KEYS
from ..core.vocabulary import ROLES, Health, PairStatus, SessionStatus, Stage
from . import checklists
from .answers import answer_rows, question_rows
from .labels import (
    CHECKIN_LABELS,
    HEALTH_LABELS,
    PAIR_STATUS_LABELS,
    ROLE_LABELS,
    SORT_LABELS,
    STAFF_ACTION_LABELS,
    STAGE_LABELS,
    session_status_label,
)
from .outcomes import outcomes_context
from .reminders import timeline_entry

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 600, 160, 6


def percent(share):
    return None if share is None else round(100 * share)


def overview_context(seen, config, gettext):
    titles = {"topic": {t.id: t.title for t in config.topics}, "area": {a.id: a.title for a in config.experience_areas}}
    planned = seen.sessions_planned_to_date
    return {
        "updated_at": seen.updated_at,
        "checkins": seen.checkins,
        "outcomes": outcomes_context(seen, config, gettext),
        "stages": [{"label": gettext(STAGE_LABELS[stage]), "value": stage,
                    "counts": [seen.participants[role][stage] for role in ROLES]} for stage in Stage.ALL],
        "role_labels": [gettext(ROLE_LABELS[role]) for role in ROLES],
        "totals": [sum(seen.participants[role].values()) for role in ROLES],
        "health": [{"value": h, "label": gettext(HEALTH_LABELS[h]), "count": seen.pairs_by_health[h]}
                   for h in Health.ALL],
        "statuses": [{"value": s, "label": gettext(PAIR_STATUS_LABELS[s]), "count": seen.pairs_by_status[s]}
                     for s in PairStatus.ALL],
        "sessions_confirmed": seen.sessions_confirmed, "sessions_planned": planned,
        "sessions_share": percent(seen.sessions_confirmed / planned) if planned else None,
        "items_confirmed": seen.items_confirmed,
        "satisfaction": [{"score": score, "count": count} for score, count in seen.satisfaction.items()],
        "satisfaction_mean": None if seen.satisfaction_mean is None else round(seen.satisfaction_mean, 1),
        "recommend_rate": percent(seen.recommend_rate), "feedback_count": seen.feedback_count,
        "mentor_retention": percent(seen.mentor_retention), "mentors_finished": seen.mentors_finished,
        "median_gap": None if seen.median_days_between_sessions is None else round(seen.median_days_between_sessions),
        "confidence": [{"topic": titles[about].get(subject, subject), "role": gettext(ROLE_LABELS[role]),
                        "before": round(before, 1), "after": round(after, 1), "gain": round(after - before, 1),
                        "answers": count} for about, subject, role, before, after, count in seen.confidence],
        "progress_chart": bar_chart([(str(k), v) for k, v in _every_count(seen.progress, config.plan.count)]),
        "weeks": [{"week": week, "confirmed": confirmed, "planned": planned_count}
                  for week, confirmed, planned_count in seen.weeks],
        "weeks_chart": paired_bar_chart([(week.isoformat()[5:], confirmed, planned_count)
                                         for week, confirmed, planned_count in seen.weeks]),
    }


def _every_count(progress, planned):
    """Pairs per number of confirmed sessions, 0 to the plan, zeros included."""
    return [(count, progress.get(count, 0)) for count in range(planned + 1)]


def bar_chart(values):
    """SVG geometry for bars ``[(label, value)]``: each bar with its value written above it."""
    top = max((v for _label, v in values), default=0) or 1
    width = (CHART_WIDTH - BAR_GAP * (len(values) + 1)) / max(1, len(values))
    bars = []
    for index, (label, value) in enumerate(values):
        height = round((CHART_HEIGHT - 30) * value / top)
        x = BAR_GAP + index * (width + BAR_GAP)
        bars.append({"x": round(x, 1), "y": CHART_HEIGHT - 15 - height, "width": round(width, 1), "height": height,
                     "label": label, "value": value, "label_x": round(x + width / 2, 1)})
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bars": bars, "baseline": CHART_HEIGHT - 15}


def paired_bar_chart(values):
    """Two bars per label, ``[(label, done, planned)]``: done filled, planned hatched, both with their numbers."""
    top = max((max(done, planned) for _label, done, planned in values), default=0) or 1
    slot = (CHART_WIDTH - BAR_GAP) / max(1, len(values))
    width = (slot - BAR_GAP) / 2
    groups = []
    for index, (label, done, planned) in enumerate(values):
        x = BAR_GAP + index * slot
        groups.append({"label": label, "label_x": round(x + width, 1), "bars": [
            {"kind": kind, "value": value, "x": round(x + offset * width, 1), "width": round(width, 1),
             "height": round((CHART_HEIGHT - 30) * value / top),
             "y": CHART_HEIGHT - 15 - round((CHART_HEIGHT - 30) * value / top),
             "label_x": round(x + offset * width + width / 2, 1)}
            for offset, (kind, value) in enumerate((("done", done), ("planned", planned)))]})
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "groups": groups, "baseline": CHART_HEIGHT - 15}


def query_items(query):
    """The query's fields but the page, as hidden form fields carry them (typed as the JavaScript reads them)."""
    items = []
    for name in query.__dataclass_fields__:
        value = getattr(query, name)
        if name != "page":
            kind = "bool" if isinstance(value, bool) else "int" if isinstance(value, int) else ""
            items.append({"name": name, "value": ("true" if value else "false") if kind == "bool" else value,
                          "type": kind})
    return items


def pairs_context(page, query, config, gettext):
    return {
        "query": query, "query_items": query_items(query),
        "rows": [{
            "id": pair.pk, "form_id": str(pair.pk),
            "mentor": pair.mentor.public_name, "mentee": pair.mentee.public_name,
            "health": pair.health, "health_label": gettext((HEALTH_LABELS | PAIR_STATUS_LABELS)[pair.health]),
            "confirmed": pair.sessions_confirmed, "planned": config.plan.count,
            "waiting": pair.sessions_logged - pair.sessions_confirmed - pair.sessions_not_counted,
            "last_session_on": pair.last_session_on,
            "next_target": next_target(config.plan, pair.paired_on, pair.sessions_confirmed)
            if pair.status == PairStatus.ACTIVE else None,
            "created_at": pair.created_at, "active": pair.status == PairStatus.ACTIVE, "end_reason": pair.end_reason,
        } for pair in page.rows],
        "health_options": [{"value": h, "label": gettext(HEALTH_LABELS[h])} for h in Health.ALL],
        "status_options": [{"value": s, "label": gettext(PAIR_STATUS_LABELS[s])} for s in PairStatus.ALL],
        "topic_options": [{"value": t.id, "label": t.title} for t in config.topics],
        "sort_options": [{"value": key, "label": gettext(SORT_LABELS[key])} for key in PAIR_SORT_KEYS],
        "page": pagination(page),
    }


def participants_context(page, query, gettext):
    return {
        "query": query, "query_items": query_items(query),
        "rows": [{"id": p.pk, "form_id": str(p.pk), "name": p.public_name, "username": p.user.username,
                  "role_label": gettext(ROLE_LABELS[p.role]), "stage": p.stage,
                  "stage_label": gettext(STAGE_LABELS[p.stage]), "joined_at": p.joined_at,
                  "can_withdraw": p.stage != Stage.WITHDRAWN} for p in page.rows],
        "stage_options": [{"value": s, "label": gettext(STAGE_LABELS[s])} for s in Stage.ALL],
        "role_options": [{"value": r, "label": gettext(ROLE_LABELS[r])} for r in ROLES],
        "sort_options": [{"value": key, "label": gettext(SORT_LABELS[key])} for key in PARTICIPANT_SORT_KEYS],
        "page": pagination(page),
    }


def pagination(page):
    return {"number": page.number, "pages": page.pages, "total": page.total,
            "previous": page.number - 1 if page.number > 1 else None,
            "next": page.number + 1 if page.number < page.pages else None,
            "first_row": (page.number - 1) * page.size + 1 if page.total else 0,
            "last_row": (page.number - 1) * page.size + len(page.rows)}


def timeline_context(timeline, config, gettext):
    """What happened to a pair, oldest first: pairing, sessions, confirmations and disputes, feedback, staff actions,
    reminders; and which partners turned reminder e-mails off."""
    pair, topics = timeline.pair, {t.id: t.title for t in config.topics}
    items = checklists.item_titles(config, gettext)
    names = {pair.mentor_id: pair.mentor.public_name, pair.mentee_id: pair.mentee.public_name}
    events = [{"at": s.logged_at, "kind": "session", "number": s.number, "held_on": s.held_on, "minutes": s.minutes,
               "topics": ", ".join(topics.get(t, t) for t in s.topics),
               "items": checklists.ticked_titles(items, timeline.ticks.get(s.pk, ())),
               "status_label": session_status_label(s, gettext), "logged_by": names.get(s.logged_by_id, ""),
               "confirmed_at": s.confirmed_at, "disputed": s.status == SessionStatus.DISPUTED,
               "dispute_reason": s.dispute_reason,
               "notes": s.notes if config.monitoring.staff_see_notes else None} for s in timeline.sessions]
    events += [{"at": f.submitted_at, "kind": "feedback", "by": names.get(f.participant_id, ""),
                "satisfaction": f.satisfaction, "would_recommend": f.would_recommend, "comment": f.comment}
               for f in timeline.feedback]
    events += [{"at": c.submitted_at, "kind": "checkin", "by": names.get(c.participant_id, ""),
                "working": gettext(CHECKIN_LABELS[c.working]), "warning": c.working != "yes",
                "satisfaction": c.satisfaction, "comment": c.comment} for c in timeline.checkins]
    events += [{"at": a.created_at, "kind": "staff", "label": gettext(STAFF_ACTION_LABELS[a.kind]),
                "actor": a.actor.username if a.actor else "", "reason": a.reason} for a in timeline.actions]
    events += [{"at": at, "kind": "reminder", "to": names.get(participant_id, ""),
                "text": timeline_entry(kind, delivery, gettext), "by_staff": sent_by is not None}
               for at, participant_id, kind, _session, delivery, sent_by in timeline.nudges]
    events.sort(key=lambda event: event["at"])
    areas = {a.id: a.title for a in config.experience_areas}
    answers = [{"name": person.public_name, "role_label": gettext(ROLE_LABELS[person.role]),
                "rows": [*answer_rows(person.intake, topics, areas, gettext),
                         *question_rows(person.intake, config.intake_questions, "staff")],
                "goals": person.intake.get("goals", "")}
               for person in (pair.mentor, pair.mentee)]
    return {"pair": {"id": pair.pk, "mentor": pair.mentor.public_name, "mentee": pair.mentee.public_name,
                     "health_label": gettext((HEALTH_LABELS | PAIR_STATUS_LABELS)[pair.health]),
                     "created_at": pair.created_at, "confirmed": pair.sessions_confirmed,
                     "planned": config.plan.count, "active": pair.status == PairStatus.ACTIVE,
                     "may_remind": pair.status == PairStatus.ACTIVE and bool(config.monitoring.remind_days),
                     "reminders_off": [person.public_name for person in (pair.mentor, pair.mentee)
                                       if person.reminders_off]},
            "events": events, "notes_hidden": not config.monitoring.staff_see_notes, "answers": answers}


def pairing_context(mentors, mentees, searches, limit):
    """The "pair these two" card: who may be paired now (a page of each side), for the searches typed."""
    def rows(people):
        return [{"id": p.pk, "name": p.public_name, "username": p.user.username} for p in people]
    mentor_search, mentee_search = searches
    return {"mentors": rows(mentors), "mentees": rows(mentees), "mentor_search": mentor_search,
            "mentee_search": mentee_search, "limit": limit,
            "limited": len(mentors) >= limit or len(mentees) >= limit}
