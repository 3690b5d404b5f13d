"""The staff panel's matching handlers: start a run, follow it, review its proposals a page at a time,
leave some out, adjust and match again, accept.

A mixin of the block: each handler parses what it receives, asks the domain layer, and renders the
matching card (or the staff panel) again.
"""
from . import access, domain
from .core import payloads, table_queries
from .core.vocabulary import RunStatus
from .domain import matchmaking, proposals
from .handling import handler
from .presentation import matching_review


def enqueue_matching(run_id, policy, titles):
    """Hand a matching run to the LMS's Celery workers; False where Celery is not installed (run it inline)."""
    try:
        from . import tasks
    except ImportError:
        return False
    return tasks.enqueue_matching(run_id, policy, titles)


class StaffMatchingMixin:
    """Handlers of the matching card (the block renders the card in its staff view)."""

    @handler(access.require_staff)
    def start_matching(self, caller, data):
        """Staff run matching over everyone still unpaired."""
        payloads.parse_ids(data, ())
        run = self._run_matching(caller.user_id, self.config())
        return self._staff_response(self._matching_message(run))

    @handler(access.require_staff)
    def matching_status(self, caller, data):
        """The staff panel again, for following a run in the background."""
        payloads.parse_ids(data, ())
        return self._staff_response("")

    @handler(access.require_staff)
    def matching_proposals(self, caller, data):
        """A page of a run's proposals: all, unstable, locked or left out, or those naming someone searched."""
        query = table_queries.parse_proposal_query(data)
        return self._matching_response("", query)

    @handler(access.require_staff)
    def leave_out_proposal(self, caller, data):
        """Leave one proposal out of those staff will accept, or take it back in; the card keeps its page."""
        run_id, proposal, left_out = payloads.parse_leave_out(data)
        query = table_queries.parse_proposal_query(
            {name: data[name] for name in table_queries.ProposalQuery.__dataclass_fields__ if name in data})
        matchmaking.leave_out(self.program_ref, run_id, proposal, left_out)
        self._event("proposal.left_out", run=run_id, mentor=proposal[0], mentee=proposal[1], left_out=left_out)
        message = (self.gettext("Left out: it will not be accepted.") if left_out
                   else self.gettext("Included again: it will be accepted."))
        return self._matching_response(message, query)

    @handler(access.require_staff)
    def adjust_matching(self, caller, data):
        """Exclude, lock, release or swap proposals, then match again with those rules."""
        change = payloads.parse_adjustment(data)
        run = matchmaking.adjust(self.program_ref, change.run_id, caller.user_id, exclude=change.exclude,
                                 lock=change.lock, release=change.release)
        self._event("matching.adjusted", run=run.pk, previous_run=change.run_id)
        return self._staff_response(self._matching_message(self._dispatch(run, self.config())))

    @handler(access.require_staff)
    def accept_matches(self, caller, data):
        """Turn the chosen proposals (or every one not left out) into pairs, all in one transaction."""
        run_id, accepted = payloads.parse_acceptance(data)
        capacity = self.config().matching.mentor_capacity
        skipped = 0
        if accepted is None:
            pairs, skipped = matchmaking.accept_included(self.program_ref, run_id, caller.user_id, capacity=capacity)
        else:
            pairs = matchmaking.accept(self.program_ref, run_id, accepted, caller.user_id, capacity=capacity)
        for pair in pairs:
            self._event("pair.created", pair=pair.pk, mentor=pair.mentor_id, mentee=pair.mentee_id, by="matching")
        message = self.ngettext("{count} pair created.", "{count} pairs created.", len(pairs)).format(
            count=len(pairs))
        if skipped:
            message += " " + self.ngettext(
                "{count} proposal was skipped: someone in it has been paired since the run.",
                "{count} proposals were skipped: someone in each has been paired since the run.",
                skipped).format(count=skipped)
        return self._staff_response(message)

    def _run_matching(self, staff_user_id, config, auto_accept=False):
        run = matchmaking.start_run(self.program_ref, staff_user_id, auto_accept=auto_accept)
        self._event("matching.started", run=run.pk, automatic=auto_accept)
        return self._dispatch(run, config)

    def _dispatch(self, run, config):
        """Solve the run now or on the workers; returns it as it is now."""
        titles = {t.id: t.title for t in config.topics} | {a.id: a.title for a in config.experience_areas}
        run, pairs = matchmaking.dispatch(run, config.matching, titles, enqueue=enqueue_matching)
        for pair in pairs:
            self._event("pair.created", pair=pair.pk, mentor=pair.mentor_id, mentee=pair.mentee_id, by="automatic")
        return run

    def _matching_message(self, run):
        if run.status == RunStatus.READY:
            return self.gettext("Matching finished: review the proposals below.")
        return self.gettext("Matching is running; this panel updates when it finishes.")

    def _matching_context(self, query=None):
        """The matching card for the latest run, at ``query`` (its first page of proposals when ``None``)."""
        program = self.program_ref
        run = domain.latest_run(program)
        if query is None or run is None or query.run_id != run.pk:
            query = table_queries.ProposalQuery(run.pk if run else 0)
        review = proposals.matching_review(program, run, query, self.config().matching.mentor_capacity)
        return matching_review.matching_context(review, query, self.gettext)

    def _matching_response(self, message, query):
        """The matching card alone, rendered again."""
        return {"message": message, "html": self._render("matching.html", {"matching": self._matching_context(query)})}
