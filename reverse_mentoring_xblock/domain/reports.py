"""Reports: CSV rows of the whole program, produced a chunk of rows at a time, and per-learner report data.

Rows are read a chunk at a time, each chunk asked for after the last one read, so memory stays flat
whatever the program's size and the database. With anonymous
ids, names and usernames are left out and people are named by their course-specific anonymous id. No
report carries what learners wrote to each other (notes, goals, links) nor their comments to staff (feedback and
check-in comments stay in the pair's timeline); session notes appear only when the author lets staff read them.
The pairs report carries each partner's answers to the halfway check-in, read with the pairs themselves.
"""
import csv
from itertools import islice

from django.db.models import OuterRef, Q, Subquery

from ..core.vocabulary import SETTING_BOUNDS, PairStatus
from ..models import CheckIn, Pair, Session, StaffAction
from .dashboard import pairs_with_health
from .queries import current_pairs

EXPORTS = ("participants", "pairs", "sessions", "staff_actions")
CHUNK = 2000
# Each partner's answers to the halfway check-in in the pairs report (in the words of ``core.checkins``: yes,
# partly, no; 1 to 5), read in the same query as the pairs; the comment is for the pair's timeline only.
CHECKIN_ANSWERS = ("working", "satisfaction")
_CHECKIN_COLUMNS = tuple(f"{side}_checkin_{answer}" for side in ("mentor", "mentee") for answer in CHECKIN_ANSWERS)


class _Line:
    """A file-like object whose ``write`` returns the line, so ``csv.writer`` yields text instead of storing it."""

    def write(self, text):
        return text


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula


def csv_lines(rows):
    """Each row of ``rows`` (header first) as one CSV line; text a spreadsheet would run as a formula (a name
    such as ``=HYPERLINK(...)``) is kept as text by a leading apostrophe."""
    writer = csv.writer(_Line())
    return (writer.writerow([_as_text(cell) for cell in row]) for row in rows)


def _as_text(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def export_rows(program, kind, config, today, anonymous):
    """The rows of one export, header first; ``kind`` is one of ``EXPORTS``."""
    return {"participants": _participants, "pairs": _pairs, "sessions": _sessions,
            "staff_actions": _staff_actions}[kind](program, config, today, anonymous)


def _who(anonymous, anonymous_id, name, username):
    return [anonymous_id] if anonymous else [name, username]


def _participants(program, _config, _today, anonymous):
    yield ["participant", *(["anonymous id"] if anonymous else ["name", "username"]), "role", "stage", "joined",
           "waiting since"]
    for row in in_chunks(program.participants(), ("pk",), "anonymous_user_id", "public_name", "user__username",
                         "role", "stage", "joined_at", "waiting_since"):
        pk, anonymous_id, name, username, role, stage, joined, waiting = row
        yield [pk, *_who(anonymous, anonymous_id, name, username), role, stage, _date(joined), _date(waiting)]


def _pairs(program, config, today, anonymous):
    people = ["mentor anonymous id", "mentee anonymous id"] if anonymous else [
        "mentor", "mentor username", "mentee", "mentee username"]
    yield ["pair", *people, "status", "health", "paired", "sessions planned", "sessions confirmed",
           "sessions awaiting confirmation", "sessions disputed", "checklist items confirmed", "last session",
           "ended", "end reason", *[f"{side} check-in {answer}" for side in ("mentor", "mentee")
                                    for answer in CHECKIN_ANSWERS]]
    fields = ("mentor__anonymous_user_id", "mentor__public_name", "mentor__user__username",
              "mentee__anonymous_user_id", "mentee__public_name", "mentee__user__username", "status", "health",
              "paired_on", "sessions_confirmed", "sessions_logged", "sessions_not_counted", "sessions_disputed",
              "items_confirmed",
              "last_session_on", "ended_at", "end_reason", *_CHECKIN_COLUMNS)
    pairs = pairs_with_health(program, config, today).annotate(**{
        f"{side}_checkin_{answer}": Subquery(CheckIn.objects.filter(pair=OuterRef("pk"), participant=OuterRef(
            f"{side}_id")).values(answer)[:1]) for side in ("mentor", "mentee") for answer in CHECKIN_ANSWERS})
    for row in in_chunks(pairs, ("pk",), *fields):
        (pk, mentor_anon, mentor, mentor_user, mentee_anon, mentee, mentee_user, status, health, paired, confirmed,
         logged, not_counted, disputed, items, last, ended, reason, *checkins) = row
        who = [mentor_anon, mentee_anon] if anonymous else [mentor, mentor_user, mentee, mentee_user]
        yield [pk, *who, status, health if status == PairStatus.ACTIVE else "", _date(paired), config.plan.count,
               confirmed, logged - confirmed - not_counted, disputed, items, _date(last), _date(ended), reason,
               *("" if answer is None else answer for answer in checkins)]


def _sessions(program, config, _today, _anonymous):
    notes = config.monitoring.staff_see_notes
    yield ["pair", "session", "held on", "minutes", "topics", "status", "logged by role", "logged", "confirmed",
           *(["notes"] if notes else [])]
    fields = ["pair_id", "number", "held_on", "minutes", "topics", "status", "logged_by__role", "logged_at",
              "confirmed_at", *(["notes"] if notes else [])]
    pair_ids = (pk for (pk,) in in_chunks(program.pairs(), ("pk",)))
    most_sessions = SETTING_BOUNDS["sessions_planned"][1]  # per pair: a few pairs at a time make a chunk
    for some_pairs in _batches(pair_ids, max(1, CHUNK // most_sessions)):
        for row in Session.objects.filter(pair_id__in=some_pairs).order_by("pair_id", "number").values_list(*fields):
            pair_id, number, held_on, minutes, topics, status, role, logged, confirmed, *rest = row
            yield [pair_id, number, _date(held_on), minutes, " ".join(topics), status, role, _date(logged),
                   _date(confirmed), *rest]


def _staff_actions(program, _config, _today, anonymous):
    yield ["when", "action", "by", "pair", "participant", "reason"]
    for when, _pk, kind, actor, pair_id, participant_id, reason in in_chunks(
            StaffAction.objects.filter(usage_key=program.usage_key), ("created_at", "pk"),
            "kind", "actor__username", "pair_id", "participant_id", "reason"):
        yield [when.isoformat(), kind, "" if anonymous else (actor or ""), pair_id or "", participant_id or "",
               reason]


def in_chunks(queryset, key, *fields):
    """``(*key, *fields)`` of every row in the order of ``key`` (a unique tuple of fields), ``CHUNK`` rows a query.

    ``iterator()`` streams on PostgreSQL, but the MySQL driver holds the whole result of a query in memory;
    asking each time for the rows after the last key read keeps memory flat on every database.
    """
    rows = list(queryset.order_by(*key).values_list(*key, *fields)[:CHUNK])
    while rows:
        yield from rows
        if len(rows) < CHUNK:
            return
        last = rows[-1][:len(key)]
        rows = list(queryset.filter(_after(key, last)).order_by(*key).values_list(*key, *fields)[:CHUNK])


def _batches(items, size):
    """Lists of up to ``size`` consecutive items."""
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _after(key, last):
    """Rows whose ``key`` comes after ``last`` in that order: a > x, or a = x and b > y, and so on.

    The leading ``a >= x`` lets the database start from an index on ``a`` instead of reading every row.
    """
    later = Q(pk__in=[])
    for index, name in enumerate(key):
        later |= Q(**dict(zip(key[:index], last[:index])), **{f"{name}__gt": last[index]})
    return Q(**{f"{key[0]}__gte": last[0]}) & later


def _date(value):
    return value.isoformat() if value else ""


def report_data(program, config, usernames):
    """``{username: {stage, role, partners, sessions confirmed, ...}}`` for the instructor dashboard's report: the
    partners of each learner's current pairs (``queries.current_pairs``; a mentor may have several), and the
    stored figures of their pair furthest along (most sessions, then items confirmed). Their grade weighs the
    same figures by each pair's checklist and adds the feedback, so for a mentor it may come from another pair."""
    participants = {p.user.username: p for p in program.participants().filter(user__username__in=usernames)
                    .select_related("user")}
    pairs_of = {}
    ids = [p.pk for p in participants.values()]
    for pair in (Pair.objects.filter(usage_key=program.usage_key)
                 .filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids)).select_related("mentor", "mentee")
                 .order_by("-created_at", "-pk")):
        for side in (pair.mentor_id, pair.mentee_id):
            pairs_of.setdefault(side, []).append(pair)
    data = {}
    for username, participant in participants.items():
        pairs = pairs_of.get(participant.pk, [])
        current = current_pairs(pairs)
        graded = max(pairs, key=lambda pair: (pair.sessions_confirmed, pair.items_confirmed), default=None)
        data[username] = {
            "Role": participant.role, "Stage": participant.stage,
            "Partner": ", ".join(pair.partner_of(participant).public_name for pair in current),
            "Pair status": ", ".join(pair.status for pair in current),
            "Sessions confirmed": graded.sessions_confirmed if graded else 0, "Sessions planned": config.plan.count,
            "Checklist items confirmed": graded.items_confirmed if graded else 0,
        }
    return data
