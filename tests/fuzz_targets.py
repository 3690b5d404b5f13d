"""What the fuzzers aim at: each handler's valid payload and the parsers it runs, bodies that are not JSON."""
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from reverse_mentoring_xblock.core import (
    checkins,
    circle,
    meetings,
    payloads,
    program_form,
    program_templates,
    questions,
    table_queries,
)
from reverse_mentoring_xblock.core.intake import parse_intake
from tests.factories import config, intake, session_log

TODAY = date.today()
NEXT_WEEK = (TODAY + timedelta(days=7)).isoformat()
# Optional, so that an intake without their answers still joins; the fuzzed program asks them too.
QUESTIONS = [
    {"id": "tools", "text": "Which tools do you use every day?", "kind": "text", "choices": [], "required": False,
     "shown_to": "partner_and_staff"},
    {"id": "team-size", "text": "How big is your team?", "kind": "choice", "choices": ["1-5", "6-20", "more"],
     "required": False, "shown_to": "staff"},
]
ANSWERS = {"tools": "Video calls and a shared drive.", "team-size": "6-20"}
CONFIG = config(intake_questions=QUESTIONS)
FOCUS = ("linkedin", "ai-assistants")
VALID = {
    "learner_state": {},
    "dismiss_settings_notice": {"change_id": 1},
    "submit_checkin": {"working": "no", "satisfaction": 2, "comment": "We rarely meet.", "pair_id": 1},
    "submit_intake": intake("mentee", questions=ANSWERS),
    "answer_questions": {"questions": ANSWERS},
    "set_meeting_link": {"meeting_link": "https://meet.example.org/x", "pair_id": 1},
    "log_session": {**session_log(TODAY.isoformat()), "pair_id": 1},
    "confirm_session": {"session_id": 1},
    "dispute_session": {"session_id": 1, "reason": "Not what happened."},
    "submit_feedback": {"satisfaction": 4, "would_recommend": True, "confidence": dict.fromkeys(FOCUS, 3),
                        "comment": "Fine."},
    "propose_meeting": {"date": NEXT_WEEK, "time": "18:30", "minutes": 45, "pair_id": 1},
    "answer_meeting": {"meeting_id": 1, "accept": True},
    "pair_participants": {"mentor_id": 1, "mentee_id": 2},
    "end_pair": {"pair_id": 1, "reason": "Testing."},
    "start_matching": {},
    "matching_status": {},
    "adjust_matching": {"run_id": 1, "action": "swap", "mentor_id": 1, "mentee_id": 2, "pairs": ["1:2", "3:4"]},
    "accept_matches": {"run_id": 1, "pairs": ["1:2"]},
    "matching_proposals": {"run_id": 1, "show": "unstable", "search": "ana", "page": 2},
    "leave_out_proposal": {"run_id": 1, "mentor_id": 1, "mentee_id": 2, "left_out": True, "show": "", "search": "",
                           "page": 1},
    "dashboard_overview": {},
    "dashboard_pairs": {"health": "behind", "status": "active", "topic": "linkedin", "disputed": False,
                        "search": "ana", "sort": "mentor", "descending": True, "page": 2},
    "dashboard_participants": {"stage": "waiting", "role": "mentee", "search": "a", "sort": "name",
                               "descending": False, "page": 1},
    "pair_detail": {"pair_id": 1},
    "pairing_candidates": {"mentor_search": "ana", "mentee_search": "paul"},
    "withdraw_participant": {"participant_id": 1, "reason": "Moved abroad."},
    "save_program": {**program_templates.translated_settings(program_templates.DIGITAL_TRANSFORMATION, str),
                     "weight": 1.0},
    "circle_page": {"page": 1},
    "circle_post": {"body": "Captions help in long calls."},
    "circle_reply": {"post_id": 1, "body": "Thank you.", "page": 1},
    "circle_pin": {"post_id": 1, "pinned": True, "page": 1},
    "circle_hide": {"post_id": 1, "reason": "Off topic.", "page": 1},
    "circle_unhide": {"post_id": 1, "page": 1},
    "circle_schedule": {"date": NEXT_WEEK, "time": "18:30", "minutes": 45, "timezone": "Pacific/Chatham",
                        "meeting_link": "https://meet.example.org/circle", "page": 1},
    "circle_cancel_meeting": {"meeting_id": 1, "page": 1},
    "set_reminders": {"on": False},
    "nudge_pair": {"pair_id": 1},
}
PARSERS = {  # what each handler runs on its payload before the domain layer sees anything
    "submit_intake": lambda data: parse_intake(data, CONFIG),
    "answer_questions": lambda data: questions.checked_answers(questions.answers_of(data), CONFIG.intake_questions),
    "set_meeting_link": lambda data: payloads.parse_meeting_link(payloads.take_pair_id(data)[0]),
    "log_session": lambda data: payloads.parse_log_or_correction(payloads.take_pair_id(data)[0], CONFIG, today=TODAY),
    "confirm_session": lambda data: payloads.parse_ids(data, ("session_id",)),
    "dispute_session": payloads.parse_dispute,
    "submit_feedback": lambda data: payloads.parse_feedback(data, FOCUS),
    "propose_meeting": lambda data: meetings.parse_proposal(payloads.take_pair_id(data)[0], "Pacific/Chatham",
                                                            datetime.now(UTC)),
    "answer_meeting": meetings.parse_answer,
    "pair_participants": lambda data: payloads.parse_ids(data, ("mentor_id", "mentee_id")),
    "end_pair": payloads.parse_pair_ending,
    "start_matching": lambda data: payloads.parse_ids(data, ()),
    "matching_status": lambda data: payloads.parse_ids(data, ()),
    "adjust_matching": payloads.parse_adjustment,
    "accept_matches": payloads.parse_acceptance,
    "matching_proposals": table_queries.parse_proposal_query,
    "leave_out_proposal": lambda data: (payloads.parse_leave_out(data), table_queries.parse_proposal_query(
        {name: data[name] for name in table_queries.ProposalQuery.__dataclass_fields__ if name in data})),
    "dashboard_overview": lambda data: payloads.parse_ids(data, ()),
    "dashboard_pairs": lambda data: table_queries.parse_pair_query(data, CONFIG),
    "dashboard_participants": table_queries.parse_participant_query,
    "pair_detail": lambda data: payloads.parse_ids(data, ("pair_id",)),
    "pairing_candidates": table_queries.parse_pairing_search,
    "withdraw_participant": payloads.parse_withdrawal,
    "learner_state": lambda data: payloads.parse_ids(data, ()),
    "dismiss_settings_notice": lambda data: payloads.parse_ids(data, ("change_id",)),
    "submit_checkin": lambda data: checkins.parse_checkin(payloads.take_pair_id(data)[0]),
    "save_program": program_form.parse_program_form,
    "circle_page": circle.parse_page,
    "circle_post": circle.parse_post,
    "circle_reply": circle.parse_reply,
    "circle_pin": circle.parse_pin,
    "circle_hide": circle.parse_hiding,
    "circle_unhide": circle.parse_post_id,
    "circle_schedule": lambda data: circle.parse_circle_meeting(data, datetime.now(UTC)),
    "circle_cancel_meeting": circle.parse_meeting_id,
    "set_reminders": payloads.parse_reminders,
    "nudge_pair": lambda data: payloads.parse_ids(data, ("pair_id",)),
}
DATA_HANDLERS = frozenset({"learner_state"})  # they answer data for an app (docs/native.md), not HTML
ACKNOWLEDGING_HANDLERS = frozenset({"dismiss_settings_notice"})  # they answer what they recorded, nothing to draw
RAW_BODIES = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda depth: ("[" * depth + "]" * depth).encode(), st.integers(min_value=1, max_value=200_000)),
    st.builds(lambda depth: ('{"a":' * depth + "1" + "}" * depth).encode(), st.integers(min_value=1, max_value=50_000)),
    st.just(b'{"meeting_link": "' + b"x" * 2_100_000 + b'"}'),
    st.just("9" * 5000).map(str.encode),
)


def assert_names_its_problems(error):
    assert error.problems
    for problem in error.problems:
        assert isinstance(problem.field, str) and problem.field
        assert problem.render(lambda text: text)  # every parameter the message names is there


