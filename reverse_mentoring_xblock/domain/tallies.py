"""Running counts the overview reads instead of counting a program's rows, kept by every domain write.

Counting a program of 50,000 learners reads some 200,000 index entries (300 ms on MariaDB); its tallies are
a few thousand rows whatever its size. A write says what it changed (``moved`` from one set of buckets to
another, or ``add``); the changes are gathered while the write runs and stored when it ends, in one
statement whose first row is the program's own head row: the last rows a write locks (see ``locking``),
and the head first, so two writes of a program store their tallies one after the other and never wait for
each other in a circle, whatever order the database's collation gives the other rows. A write that fails
or starts over leaves nothing behind. ``recount`` works out every tally from the rows themselves: for data
written without the domain (the migration that adds tallies, the demo's large cohort) and to check them.
"""
import contextlib
import contextvars

from django.db import connection
from django.db.models import Count, Q, Sum

from .. import models as stored_models
from ..core.vocabulary import PairStatus, SessionStatus

PARTICIPANTS = "participants"  # "role stage"
PAIRS = "pairs"  # "status confirmed": pairs, and their checklist items confirmed (first sum)
GAPS = "gaps"  # "confirmed span": pairs with two or more confirmed sessions, by days from first to last
PAIRED_ON = "paired_on"  # "status day": active and completed pairs by the day they were paired
HELD_ON = "held_on"  # "day": confirmed sessions that count towards the plan, by the day they were held
FEEDBACK = "feedback"  # "satisfaction recommend"
CONFIDENCE = "confidence"  # "about id role": ratings with an intake rating; before (first sum), after (second)
MENTORS = "mentors"  # "finished" (a pair completed or ended), "stayed" (a pair completed): mentors, once each
PLANNED_STATUSES = (PairStatus.ACTIVE, PairStatus.COMPLETED)
HEAD = ("", "")  # (kind, bucket) of the row every write of the program updates first: it counts the writes

_pending = contextvars.ContextVar("reverse_mentoring_tallies", default=None)


def of_participant(role, stage, count=1):
    return {(PARTICIPANTS, f"{role} {stage}"): (count, 0, 0)}


def of_pair(pair):
    """The buckets one pair counts in, from its stored status and session counts."""
    return _pair_buckets(pair.status, pair.paired_on, pair.sessions_confirmed, pair.confirmed_span_days,
                         pair.items_confirmed)


def _pair_buckets(status, paired_on, confirmed, span, items, count=1):
    buckets = {(PAIRS, f"{status} {confirmed}"): (count, items or 0, 0)}
    if confirmed >= 2:
        buckets[(GAPS, f"{confirmed} {span}")] = (count, 0, 0)
    if status in PLANNED_STATUSES:
        buckets[(PAIRED_ON, f"{status} {paired_on.isoformat()}")] = (count, 0, 0)
    return buckets


def add(usage_key, kind, bucket, count=1, first_sum=0, second_sum=0):
    """Count one more row (or these amounts) in a bucket, when the current write commits."""
    pending = _pending.get()
    if pending is None:
        raise RuntimeError("Tallies change only inside a domain write (transactions.atomic_write).")
    _merge(pending, {(usage_key, kind, bucket): (count, first_sum, second_sum)})


def moved(usage_key, before, after):
    """A row that counted in the ``before`` buckets counts in the ``after`` ones now (``{}``: none)."""
    for sign, buckets in ((-1, before), (1, after)):
        for (kind, bucket), amounts in buckets.items():
            add(usage_key, kind, bucket, *(sign * amount for amount in amounts))


@contextlib.contextmanager
def gathered():
    """Gather the changes of the code inside; stored at the end of the outermost one, dropped on an error."""
    outer = _pending.get()
    mine = {}
    token = _pending.set(mine)
    try:
        yield
    finally:
        _pending.reset(token)
    if outer is not None:
        _merge(outer, mine)
    else:
        _store(mine)


def _merge(into, changes):
    for key, amounts in changes.items():
        into[key] = tuple(a + b for a, b in zip(into.get(key, (0, 0, 0)), amounts))


def _store(changes):
    rows = sorted((key, amounts) for key, amounts in changes.items() if any(amounts))
    if not rows:
        return
    heads = sorted({(usage_key, *HEAD) for usage_key, _kind, _bucket in changes})
    rows = [(head, (1, 0, 0)) for head in heads] + rows
    table, q = stored_models.Tally._meta.db_table, connection.ops.quote_name
    columns = [q(name) for name in ("usage_key", "kind", "bucket", "count", "first_sum", "second_sum")]
    sums = [q(name) for name in ("count", "first_sum", "second_sum")]
    if connection.vendor == "mysql":
        on_conflict = "ON DUPLICATE KEY UPDATE " + ", ".join(f"{c} = {c} + VALUES({c})" for c in sums)
    else:  # SQLite and PostgreSQL
        on_conflict = (f"ON CONFLICT ({', '.join(columns[:3])}) DO UPDATE SET "
                       + ", ".join(f"{c} = {q(table)}.{c} + excluded.{c}" for c in sums))
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(table)} ({', '.join(columns)}) VALUES {values} {on_conflict}",
                       [value for key, amounts in rows for value in (*key, *amounts)])


def read(usage_key, models=None, kinds=None):
    """``{(kind, bucket): (count, first sum, second sum)}`` of the program's non-empty buckets (of these
    ``kinds``, or all), in one query."""
    found = (models or stored_models).Tally.objects.filter(usage_key=usage_key).exclude(kind=HEAD[0])
    if kinds:
        found = found.filter(kind__in=kinds)
    return {(kind, bucket): (count, first, second) for kind, bucket, count, first, second in
            found.exclude(count=0, first_sum=0, second_sum=0)
            .values_list("kind", "bucket", "count", "first_sum", "second_sum")}


def total(usage_key, kind, first_part=None, second_part=None):
    """How many rows the buckets of ``kind`` count, of those whose first and second parts are these (when given)."""
    return sum(count for (_kind, bucket), (count, _first, _second) in read(usage_key, kinds=[kind]).items()
               if (first_part is None or bucket.split(" ")[0] == first_part)
               and (second_part is None or bucket.split(" ")[1] == second_part))


def recount(usage_key, models=None):
    """Every tally of the program worked out from its rows, as ``read`` gives them."""
    m = models or stored_models
    counted = {}

    def count(buckets):
        _merge(counted, buckets)

    for role, stage, n in (m.Participant.objects.filter(usage_key=usage_key).values_list("role", "stage")
                           .annotate(n=Count("pk")).order_by()):
        count(of_participant(role, stage, n))
    pairs = m.Pair.objects.filter(usage_key=usage_key)
    for status, day, confirmed, span, n, items in (
            pairs.values_list("status", "paired_on", "sessions_confirmed", "confirmed_span_days")
            .annotate(n=Count("pk"), items=Sum("items_confirmed")).order_by()):
        count(_pair_buckets(status, day, confirmed, span, items, n))
    for day, n in (m.Session.objects.filter(usage_key=usage_key, status=SessionStatus.CONFIRMED, counts=True)
                   .values_list("held_on").annotate(n=Count("pk")).order_by()):
        count({(HELD_ON, day.isoformat()): (n, 0, 0)})
    for satisfaction, recommends, n in (m.Feedback.objects.filter(usage_key=usage_key)
                                        .values_list("satisfaction", "would_recommend").annotate(n=Count("pk"))
                                        .order_by()):
        count({(FEEDBACK, f"{satisfaction} {int(recommends)}"): (n, 0, 0)})
    for about, subject, role, n, before, after in (
            m.FeedbackRating.objects.filter(usage_key=usage_key, before__isnull=False)
            .values_list("about", "topic_id", "role").annotate(n=Count("pk"), b=Sum("before"), a=Sum("after"))
            .order_by()):
        count({(CONFIDENCE, f"{about} {subject} {role}"): (n, before, after)})
    mentors = pairs.filter(status__in=(PairStatus.COMPLETED, PairStatus.ENDED)).aggregate(
        stayed=Count("mentor", distinct=True, filter=Q(status=PairStatus.COMPLETED)),
        finished=Count("mentor", distinct=True))
    count({(MENTORS, name): (mentors[name], 0, 0) for name in ("finished", "stayed")})
    return {key: amounts for key, amounts in counted.items() if any(amounts)}


def rebuild(usage_key, models=None):
    """Store the program's tallies afresh from its rows; only while nobody writes to the program."""
    m = models or stored_models
    m.Tally.objects.filter(usage_key=usage_key).delete()
    m.Tally.objects.bulk_create(
        m.Tally(usage_key=usage_key, kind=kind, bucket=bucket, count=count, first_sum=first, second_sum=second)
        for (kind, bucket), (count, first, second) in sorted(recount(usage_key, m).items()))

