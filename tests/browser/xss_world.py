"""Fill the demo program with the XSS corpus, through the same parsers and domain operations as the handlers.

Run inside a demo server's folder (``RM_VAR_DIR``) with ``demo/`` and this folder on ``PYTHONPATH``.
For payload ``k``: an active pair ``xm<k>``/``xe<k>`` (names and goals, a meeting link, a session the
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
    import django  # pylint: disable=import-outside-toplevel
    django.setup()
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
    from workbench.scenarios import SCENARIOS, init_scenarios  # pylint: disable=import-outside-toplevel

    from devsite.seed import _default_config  # pylint: disable=import-outside-toplevel
    from devsite.users import anonymous_id_for  # pylint: disable=import-outside-toplevel
    from reverse_mentoring_xblock import access, api, payloads, platform  # pylint: disable=import-outside-toplevel
    from reverse_mentoring_xblock.block import ReverseMentoringXBlock  # pylint: disable=import-outside-toplevel
    from reverse_mentoring_xblock.intake import parse_intake  # pylint: disable=import-outside-toplevel
    from reverse_mentoring_xblock.problems import ProblemList  # pylint: disable=import-outside-toplevel
    from xss_corpus import PAYLOADS  # pylint: disable=import-outside-toplevel

    init_scenarios()
    program = api.ProgramRef(*platform.program_keys(SCENARIOS["reverse_mentoring.0"].usage_id))
    config = _default_config(ReverseMentoringXBlock)
    today = date.today()

    def join(student, role, payload):
        user, _created = get_user_model().objects.get_or_create(username=student)
        caller = access.Caller(user_id=user.pk, username=student, anonymous_id=anonymous_id_for(student))
        topics = {"learn_topics": ["linkedin"], "share_experience": ["leadership"]} if role == "mentee" else {
            "teach_topics": ["linkedin"], "learn_experience": ["leadership"]}
        answers = {"role": role, "public_name": payload, "goals": payload, "availability": ["tue-morning"],
                   "timezone": "Europe/Paris", "meeting": "remote",
                   "ratings": {t: 4 if role == "mentor" else 0 for t in config.topic_ids}, **topics}
        return api.save_intake(program, caller, parse_intake(answers, config)), user.pk

    for index, payload in enumerate(PAYLOADS):
        (mentor, mentor_user), (mentee, mentee_user) = (
            join(student, role, payload) for student, role in zip(students("x", index), ("mentor", "mentee")))
        api.pair_participants(program, mentor.pk, mentee.pk, None)
        try:
            link = payloads.parse_meeting_link({"meeting_link": meeting_link(payload)})
            api.set_meeting_link(program, mentee_user, link)
        except ProblemList:
            pass  # not an address once its spaces are gone: the partner sees no link
        log = payloads.parse_session_log({"held_on": today.isoformat(), "minutes": 60, "topics": ["linkedin"],
                                          "items": ["linkedin/profile"], "notes": payload}, config, today=today)
        session = api.log_session(program, mentee_user, log, config)
        api.dispute_session(program, mentor_user, session.pk, payloads.parse_reason({"reason": payload}))
        (ended_mentor, _user), (ended_mentee, _user) = (
            join(student, role, payload) for student, role in zip(students("y", index), ("mentor", "mentee")))
        pair = api.pair_participants(program, ended_mentor.pk, ended_mentee.pk, None)
        api.end_pair(program, pair.pk, payloads.parse_reason({"reason": payload}))
        if index < 10:
            for student, role in zip(students("w", index), ("mentor", "mentee")):
                join(student, role, payload)


if __name__ == "__main__":
    main()
