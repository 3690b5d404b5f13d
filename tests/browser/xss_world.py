"""Fill the demo program with the XSS corpus, through the same parsers and domain operations as the handlers.

Run inside a demo server's folder (``RM_VAR_DIR``) with ``demo/`` and this folder on ``PYTHONPATH``.
For payload ``k``: an active pair ``xm<k>``/``xe<k>`` (names, goals and how to reach them, a meeting link, a session the
mentee logged with the payload as notes, disputed by the mentor with the payload as reason), and an
ended pair ``ym<k>``/``ye<k>`` (ended by staff with the payload as reason; both wait again, so their own
intake form shows their answers). The first ten payloads also name waiting learners ``wm<k>``/``we<k>``
for the matching review.
"""
import os
from datetime import date


def students(kind, index):
    return f"{kind}m{index}", f"{kind}e{index}"


def meeting_link(payload):
    return "https://meet.example.org/" + payload.replace(" ", "")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from workbench.scenarios import SCENARIOS, init_scenarios
    from xss_corpus import PAYLOADS

    from devsite.seed import _default_config
    from devsite.users import anonymous_id_for
    from reverse_mentoring_xblock import access, domain, platform
    from reverse_mentoring_xblock.block import ReverseMentoringXBlock
    from reverse_mentoring_xblock.core import payloads
    from reverse_mentoring_xblock.core.intake import parse_intake
    from reverse_mentoring_xblock.core.problems import ProblemList

    init_scenarios()
    program = domain.ProgramRef(*platform.program_keys(SCENARIOS["reverse_mentoring.0"].usage_id))
    config = _default_config(ReverseMentoringXBlock)
    today = date.today()

    def join(student, role, payload):
        user, _created = get_user_model().objects.get_or_create(username=student)
        caller = access.Caller(user_id=user.pk, username=student, anonymous_id=anonymous_id_for(student))
        topics = {"learn_topics": ["linkedin"], "share_experience": ["leadership"]} if role == "mentee" else {
            "teach_topics": ["linkedin"], "learn_experience": ["leadership"],
            "area_ratings": dict.fromkeys(config.area_ids, 1)}
        answers = {"role": role, "public_name": payload, "goals": payload, "contact": payload[:200],
                   "availability": ["tue-morning"],
                   "timezone": "Europe/Paris", "meeting": "remote",
                   "ratings": dict.fromkeys(config.topic_ids, 4 if role == "mentor" else 0), **topics}
        return domain.save_intake(program, caller, parse_intake(answers, config)), user.pk

    for index, payload in enumerate(PAYLOADS):
        (mentor, mentor_user), (mentee, mentee_user) = (
            join(student, role, payload) for student, role in zip(students("x", index), ("mentor", "mentee")))
        domain.pair_participants(program, mentor.pk, mentee.pk, None)
        try:
            link = payloads.parse_meeting_link({"meeting_link": meeting_link(payload)})
            domain.set_meeting_link(program, mentee_user, link)
        except ProblemList:
            pass  # not an address once its spaces are gone: the partner sees no link
        log = payloads.parse_session_log({"held_on": today.isoformat(), "minutes": 60, "topics": ["linkedin"],
                                          "items": ["linkedin/profile"], "notes": payload}, config, today=today)
        session = domain.log_session(program, mentee_user, log, config)
        domain.dispute_session(program, mentor_user, session.pk, payloads.parse_reason({"reason": payload}))
        (ended_mentor, _user), (ended_mentee, _user) = (
            join(student, role, payload) for student, role in zip(students("y", index), ("mentor", "mentee")))
        pair = domain.pair_participants(program, ended_mentor.pk, ended_mentee.pk, None)
        domain.end_pair(program, pair.pk, payloads.parse_reason({"reason": payload}))
        if index < 10:
            for student, role in zip(students("w", index), ("mentor", "mentee")):
                join(student, role, payload)


if __name__ == "__main__":
    main()
