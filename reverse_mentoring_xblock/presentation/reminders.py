"""The words of a reminder (``core/nudges.py``): the e-mail's subject and lines, the learner page's notice, and the
staff timeline's entry. The same sentence reaches the learner by e-mail and on the page."""
from django.utils.formats import date_format

from ..core import nudges
from ..core.problems import _

SUBJECTS = {
    nudges.SESSION_SOON: _("Session {number} with {partner} is due by {date}"),
    nudges.BEHIND: _("Your pair with {partner} is behind its plan"),
    nudges.STALLED: _("Time to meet {partner} again"),
    nudges.TO_CONFIRM: _("{partner} is waiting for you to confirm session {number}"),
    nudges.FEEDBACK: _("Your feedback on the program is open"),
    nudges.STAFF: _("A reminder from course staff"),
}
LINES = {
    nudges.SESSION_SOON: _("Your plan has session {number} with {partner} due by {date}. Agree on a time, and log "
                           "the session once you have met."),
    nudges.BEHIND: _("Session {number} with {partner} was due by {date}. Agree on a time soon, and log the session "
                     "once you have met."),
    nudges.STALLED: _("No session with {partner} has been confirmed for a while. Pick a time together, or tell "
                      "course staff if something is in the way."),
    nudges.TO_CONFIRM: _("{partner} logged session {number}. Confirm it, or say what is not right, so that it "
                         "counts for both of you."),
    nudges.FEEDBACK: _("You and {partner} have completed your planned sessions. Tell us how it went: it takes two "
                       "minutes and completes your grade."),
    nudges.STAFF: _("Course staff would like to remind you and {partner} to keep your sessions going. Plan your "
                    "next session, and tell staff if anything is in the way."),
}
KIND_LABELS = {
    nudges.SESSION_SOON: _("a session is due soon"),
    nudges.BEHIND: _("the pair is behind its plan"),
    nudges.STALLED: _("the pair has stalled"),
    nudges.TO_CONFIRM: _("a session waits for confirmation"),
    nudges.FEEDBACK: _("feedback is open"),
    nudges.STAFF: _("sent by course staff"),
}
DELIVERY_LABELS = {
    nudges.PENDING: _("being sent"),
    nudges.EMAILED: _("e-mailed"),
    nudges.LOGGED: _("not e-mailed: this site sends no e-mail"),
    nudges.SKIPPED: _("not sent: reminders turned off"),
    nudges.FAILED: _("the e-mail could not be sent"),
}


def _values(partner, session, due):
    return {"partner": partner, "number": session, "date": date_format(due, "DATE_FORMAT") if due else ""}


def reminder_line(kind, partner, session, due, gettext):
    """The sentence a partner reads, on the page and in the e-mail."""
    return gettext(LINES[kind]).format(**_values(partner, session, due))


def email_text(reminder, url, gettext):
    """``{"subject", "lines", "url", "link_text", "footer", "program"}`` of one reminder's e-mail; the program's
    name leads the subject, so that a learner in two programs knows which one writes."""
    values = _values(reminder.partner_name, reminder.session, reminder.due)
    subject = gettext(SUBJECTS[reminder.kind]).format(**values)
    title = gettext(reminder.title) if reminder.title else ""  # the shipped default name reads translated
    return {
        "subject": f"{title}: {subject}" if title else subject,
        "greeting": gettext("Hello {name},").format(name=reminder.public_name),
        "lines": [gettext(LINES[reminder.kind]).format(**values)],
        "url": url,
        "link_text": gettext("Open the program"),
        "footer": gettext("You can turn these e-mails off in the program, under Reminders."),
        "program": title,
    }


def notice_lines(found, partners, gettext):
    """The learner page's reminders: the caller's own ``core.nudges.Nudge`` values, in words. ``partners`` maps
    each pair id to the partner's name."""
    return [{"kind": nudge.kind, "text": reminder_line(nudge.kind, partners.get(nudge.pair_id, ""), nudge.session,
                                                         nudge.due, gettext)} for nudge in found]


def timeline_entry(kind, delivery, gettext):
    """How staff read one reminder in a pair's timeline: why it was sent, and what became of it."""
    return gettext("Reminder: {why}; {delivery}.").format(why=gettext(KIND_LABELS[kind]),
                                                          delivery=gettext(DELIVERY_LABELS[delivery]))
