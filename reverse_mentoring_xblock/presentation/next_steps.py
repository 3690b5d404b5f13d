"""What waits for the learner, said at the top of their view: the one or two things to do now, and who acts.

Each step is a sentence and, when it asks something of the learner, the id of the control that does it
(the template links ``#<block id>-<target>``). Steps that ask the learner to act come first, then a
dispute of theirs that their partner must answer, then what waits for the partner.
"""
from ..core.problems import _
from ..core.vocabulary import PairStatus, SessionStatus

SHOWN = 2


def next_steps(state, can_log, next_target, feedback_open, meeting, gettext):
    """Every step for a learner in a pair (active or completed), those asking them to act (``acts``) first;
    ``next_target`` is the next planned date and ``meeting`` the pair's next meeting as
    ``meetings.meeting_context`` describes it (None once the pair is over). ``first_steps`` picks the shown ones."""
    partner = state.partner.public_name
    me = state.participant.pk
    actions, waits = [], []
    if meeting:
        _meeting_steps(meeting, partner, actions, waits, gettext)
    for session in state.sessions:
        mine, n, target = session.logged_by_id == me, session.number, f"session-{session.id}-title"
        if session.status == SessionStatus.LOGGED and not mine:
            actions.append(_step(_("Confirm or dispute session {number}, which {partner} logged."), target,
                                 gettext, number=n, partner=partner))
        elif session.status == SessionStatus.DISPUTED and mine:
            actions.append(_step(_("{partner} disputed session {number}: correct it so that it counts."), target,
                                 gettext, number=n, partner=partner))
        elif session.status == SessionStatus.DISPUTED:  # the learner's own dispute: before plain waits
            waits.insert(0, _step(_("You disputed session {number}: {partner} corrects it, or you confirm it as it "
                                 "is."), target, gettext, number=n, partner=partner))
        elif session.status == SessionStatus.LOGGED:
            waits.append(_step(_("Session {number} waits for {partner} to confirm it."), None, gettext, number=n,
                               partner=partner))
    if feedback_open:
        actions.append(_step(_("Give your feedback on the program: it completes your grade."), "feedback-title",
                             gettext))
    elif state.pair.status == PairStatus.COMPLETED:
        waits.append(_step(_("You completed the program: thank you."), None, gettext))
    elif can_log and meeting and meeting["agreed"]:
        actions.append(_step(_("You meet {partner} on {when}: afterwards, log your next session."), "log", gettext,
                             partner=partner, when=meeting["agreed"]["when"]))
    elif can_log and next_target:
        actions.append(_step(_("Meet {partner} and log your next session, planned by {date}."), "log", gettext,
                             partner=partner, date=next_target.isoformat()))
    elif can_log:
        actions.append(_step(_("Meet {partner} and log your next session."), "log", gettext, partner=partner))
    return [{**step, "acts": True} for step in actions] + [{**step, "acts": False} for step in waits]


def _meeting_steps(meeting, partner, actions, waits, gettext):
    """A time the partner proposed waits for an answer (the agreed meeting is the log step's reminder)."""
    proposal = meeting["proposal"]
    if proposal and not proposal["by_me"] and not proposal["passed"]:
        actions.append(_step(_("{partner} proposes to meet on {when}: accept it or propose another time."),
                             "meeting-title", gettext, partner=partner, when=proposal["when"]))
    elif proposal and proposal["by_me"] and not proposal["passed"]:
        waits.append(_step(_("The time you proposed, {when}, waits for {partner}'s answer."), "meeting-title",
                           gettext, partner=partner, when=proposal["when"]))


def first_steps(steps, pairs=1):
    """The steps shown, from every pair's (``next_steps``): actions before waits, ``SHOWN`` per pair."""
    ordered = [step for step in steps if step["acts"]] + [step for step in steps if not step["acts"]]
    return ordered[:SHOWN * pairs]


def waiting_steps(gettext):
    """A learner waiting for a partner has nothing to do but may check their answers."""
    return [_step(_("Course staff will pair you soon. Meanwhile, check that your answers say what you want to "
                    "learn and share."), "edit-intake", gettext)]


def _step(message, target, gettext, **params):
    return {"text": gettext(message).format(**params), "target": target}
