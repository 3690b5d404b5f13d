"""Who may call which handler: the table the access test checks and ``docs/security.md`` shows.

Every row is one handler call with a payload that would succeed for the right caller (see
``test_access.matrix_world``); every column is a kind of caller. A cell is the HTTP status that caller
gets. Run ``python tests/authorization.py`` (``make security-doc``) to write the table into the doc.
"""
from pathlib import Path

CALLERS = {
    "anonymous": "not signed in",
    "studio": "author in the Studio preview",
    "outsider": "signed in, never joined",
    "waiting": "joined, not paired",
    "logger": "in the pair, logged the session",
    "partner": "in the pair, did not log it",
    "other_pair": "member of another pair",
    "finished": "member of a completed pair",
    "staff": "course staff",
}
ROWS = [  # (row label, handler, payload name), statuses in CALLERS order
    (("learner_state: the caller's own state", "learner_state", "empty"),
     (403, 403, 200, 200, 200, 200, 200, 200, 200)),
    (("dismiss_settings_notice: the caller's own notice", "dismiss_settings_notice", "notice"),
     (403, 403, 200, 200, 200, 200, 200, 200, 200)),
    (("set_reminders: the caller's own reminder e-mails", "set_reminders", "reminders"),
     (403, 403, 403, 200, 200, 200, 200, 200, 403)),
    (("submit_intake", "submit_intake", "intake"), (403, 403, 200, 200, 409, 409, 409, 409, 200)),
    (("answer_questions: a question added after everyone joined", "answer_questions", "questions"),
     (403, 403, 403, 200, 200, 200, 200, 200, 403)),
    (("set_meeting_link", "set_meeting_link", "link"), (403, 403, 403, 409, 200, 200, 200, 409, 403)),
    (("log_session: a new session", "log_session", "new_session"), (403, 403, 403, 409, 200, 200, 200, 409, 403)),
    (("log_session: a new session in the pair it names", "log_session", "new_session_in_pair"),
     (403, 403, 403, 403, 200, 200, 403, 403, 403)),
    (("log_session: correct the session", "log_session", "correction"), (403, 403, 403, 403, 200, 403, 403, 403, 403)),
    (("confirm_session", "confirm_session", "confirm"), (403, 403, 403, 403, 403, 200, 403, 403, 403)),
    (("dispute_session", "dispute_session", "dispute"), (403, 403, 403, 403, 403, 200, 403, 403, 403)),
    (("submit_checkin: the halfway check-in (the pair is not halfway yet)", "submit_checkin", "checkin"),
     (403, 403, 403, 409, 409, 409, 409, 409, 403)),
    (("submit_feedback", "submit_feedback", "feedback"), (403, 403, 403, 409, 409, 409, 409, 200, 403)),
    (("propose_meeting", "propose_meeting", "proposal"), (403, 403, 403, 409, 200, 200, 200, 409, 403)),
    (("answer_meeting: the time the logger proposed", "answer_meeting", "answer"),
     (403, 403, 403, 403, 403, 200, 403, 403, 403)),
    (("meeting_calendar (GET): the pair's agreed meeting", "meeting_calendar", "calendar"),
     (403, 403, 403, 404, 200, 200, 404, 404, 403)),
    (("pair_participants", "pair_participants", "pair"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("end_pair", "end_pair", "end"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("start_matching", "start_matching", "empty"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("matching_status", "matching_status", "empty"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("adjust_matching", "adjust_matching", "adjust"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("accept_matches", "accept_matches", "accept"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("accept_matches: every proposal not left out", "accept_matches", "accept_included"),
     (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("matching_proposals", "matching_proposals", "proposal_query"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("leave_out_proposal", "leave_out_proposal", "leave_out"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("dashboard_overview", "dashboard_overview", "empty"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("dashboard_pairs", "dashboard_pairs", "pair_query"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("dashboard_participants", "dashboard_participants", "participant_query"),
     (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("pair_detail", "pair_detail", "detail"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("nudge_pair: remind an active pair by hand", "nudge_pair", "detail"),
     (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("pairing_candidates", "pairing_candidates", "search"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("withdraw_participant", "withdraw_participant", "withdraw"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("save_program: the author settings (workbench: staff stand in for Studio's authors)", "save_program",
      "program"), (403, 200, 403, 403, 403, 403, 403, 403, 200)),
    (("circle_page: mentors and staff (mentees too where the author opens the circle)", "circle_page", "circle_page"),
     (403, 403, 403, 403, 200, 403, 403, 403, 200)),
    (("circle_post", "circle_post", "circle_post"), (403, 403, 403, 403, 200, 403, 403, 403, 200)),
    (("circle_reply: a visible post of this circle", "circle_reply", "circle_reply"),
     (403, 403, 403, 403, 200, 403, 403, 403, 200)),
    (("circle_pin", "circle_pin", "circle_pin"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("circle_hide", "circle_hide", "circle_hide"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("circle_unhide", "circle_unhide", "circle_unhide"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("circle_schedule", "circle_schedule", "circle_schedule"), (403, 403, 403, 403, 403, 403, 403, 403, 200)),
    (("circle_cancel_meeting", "circle_cancel_meeting", "circle_cancel"),
     (403, 403, 403, 403, 403, 403, 403, 403, 200)),
]
BEGIN = "<!-- authorization table: generated by tests/authorization.py -->"
END = "<!-- end of the authorization table -->"
DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"


def cells():
    """``(label, handler, payload name, caller, status)`` for every cell."""
    return [(label, handler, payload, caller, status) for (label, handler, payload), statuses in ROWS
            for caller, status in zip(CALLERS, statuses)]


def render_markdown():
    header = "| handler | " + " | ".join(CALLERS.values()) + " |"
    rule = "|" + " --- |" * (len(CALLERS) + 1)
    lines = [f"| `{label}` | " + " | ".join(str(status) for status in statuses) + " |"
             for (label, _handler, _payload), statuses in ROWS]
    return "\n".join([BEGIN, header, rule, *lines, END])


def write_doc():
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    DOC.write_text(text[:start] + render_markdown() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    write_doc()
