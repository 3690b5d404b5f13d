"""Seed the demo program through the real domain operations, then print the URLs to open.

Run as ``python -m devsite.seed`` with ``DJANGO_SETTINGS_MODULE`` unset (it uses ``devsite.settings``).
Seeding is skipped when the program already has participants, so restarting the demo keeps its data.
"""
import os
from datetime import timedelta

import django

DEMO_HOST = os.environ.get("RM_DEMO_URL", "http://127.0.0.1:8000")
SCENARIO = "reverse_mentoring.0"

# (student id, name, role, learns or teaches, experience shared or wanted, availability, time zone)
PEOPLE = [
    ("mentor_ana", "Ana Lima", "mentor", ["linkedin", "ai-assistants", "video-meetings"], ["leadership"],
     ["tue-morning", "thu-afternoon"], "Europe/Paris"),
    ("mentee_paul", "Paul Durand", "mentee", ["linkedin", "ai-assistants"], ["leadership", "organisation"],
     ["tue-morning", "fri-morning"], "Europe/Paris"),
    ("mentor_sam", "Sam Okafor", "mentor", ["collaboration", "online-safety"], ["stress"],
     ["mon-afternoon", "wed-afternoon"], "Europe/London"),
    ("mentee_helen", "Helen Berg", "mentee", ["collaboration", "online-safety"], ["stress", "career"],
     ["wed-afternoon"], "Europe/Berlin"),
    ("mentor_li", "Li Wei", "mentor", ["video-meetings", "mobile"], ["clients"],
     ["mon-morning", "thu-morning"], "Asia/Singapore"),
    ("mentee_george", "George Miller", "mentee", ["video-meetings"], ["clients", "leadership"],
     ["thu-morning"], "Asia/Singapore"),
    ("mentor_zoe", "Zoe Martin", "mentor", ["social-media", "linkedin"], ["career"],
     ["fri-afternoon"], "America/New_York"),
    ("mentee_maria", "Maria Rossi", "mentee", ["social-media"], ["career", "organisation"],
     ["fri-afternoon"], "America/New_York"),
    ("mentor_omar", "Omar Haddad", "mentor", ["data-dashboards", "ai-assistants"], ["organisation"],
     ["tue-evening"], "Europe/Madrid"),
    ("mentee_claire", "Claire Dubois", "mentee", ["data-dashboards"], ["organisation"],
     ["tue-evening", "wed-evening"], "Europe/Paris"),
    ("mentor_ines", "Ines Costa", "mentor", ["online-safety", "mobile"], ["stress"],
     ["mon-evening"], "Europe/Lisbon"),
    ("mentee_robert", "Robert King", "mentee", ["mobile", "online-safety"], ["stress"],
     ["mon-evening", "sat-morning"], "Europe/London"),
    ("mentee_yuki", "Yuki Tanaka", "mentee", ["ai-assistants"], ["leadership"], ["wed-morning"], "Asia/Tokyo"),
    ("mentor_noah", "Noah Fischer", "mentor", ["ai-assistants", "collaboration"], ["leadership"],
     ["wed-morning"], "Europe/Berlin"),
    ("mentor_lea", "Lea Novak", "mentor", ["data-dashboards", "social-media"], ["career", "clients"],
     ["thu-afternoon", "fri-morning"], "Europe/Vienna"),
    ("mentee_frank", "Frank Weber", "mentee", ["data-dashboards"], ["clients", "organisation"],
     ["thu-afternoon"], "Europe/Berlin"),
    ("mentee_sofia", "Sofia Alvarez", "mentee", ["collaboration", "video-meetings"], ["leadership", "stress"],
     ["mon-morning", "wed-morning"], "Europe/Madrid"),
    ("mentor_kenji", "Kenji Mori", "mentor", ["video-meetings", "collaboration"], ["stress"],
     ["mon-morning"], "Asia/Tokyo"),
    ("mentor_tom", "Tom Becker", "mentor", ["online-safety", "ai-assistants"], ["organisation"],
     ["wed-evening"], "Europe/Berlin"),
    ("mentee_ruth", "Ruth Adler", "mentee", ["online-safety"], ["organisation"], ["wed-evening"], "Europe/Berlin"),
    ("mentor_amir", "Amir Saleh", "mentor", ["mobile", "online-safety", "ai-assistants"], ["clients"],
     ["mon-evening", "tue-evening", "sat-morning"], "Asia/Dubai"),
    ("mentee_beatriz", "Beatriz Souza", "mentee", ["mobile"], ["clients", "career"], ["sat-morning"],
     "America/Sao_Paulo"),
    ("mentee_carlos", "Carlos Ortega", "mentee", ["online-safety", "ai-assistants"], ["clients"],
     ["tue-morning", "tue-afternoon"], "America/Bogota"),
    ("mentor_dana", "Dana Levi", "mentor", ["mobile", "social-media"], ["career"], ["sat-morning"],
     "America/Sao_Paulo"),
]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    django.setup()
    from django.utils import timezone
    from workbench.scenarios import SCENARIOS, init_scenarios

    init_scenarios()
    from reverse_mentoring_xblock import domain, platform
    program = domain.ProgramRef(*platform.program_keys(SCENARIOS[SCENARIO].usage_id))
    if not program.participants().exists():
        seed(program, timezone.now())
        size = int(os.environ.get("RM_DEMO_SIZE", "0"))
        if size:  # a large cohort on top, for trying the dashboard at scale
            from devsite.cohort import populate
            from reverse_mentoring_xblock.block import ReverseMentoringXBlock
            pairs, sessions = populate(program, size, _default_config(ReverseMentoringXBlock).plan)
            print(f"Added {size:,} participants in {pairs:,} pairs with {sessions:,} sessions.")
    print_urls()


def seed(program, now):
    """Pairs at every stage: new, under way, disputed, completed with and without feedback, ended and paired again;
    meetings proposed and agreed; eight waiting; a mentor circle with posts, replies, moderation and a meeting."""
    from reverse_mentoring_xblock import domain
    from reverse_mentoring_xblock.block import ReverseMentoringXBlock
    from reverse_mentoring_xblock.core import payloads
    from reverse_mentoring_xblock.core.intake import parse_intake
    config = _default_config(ReverseMentoringXBlock)
    users = {}
    for index, person in enumerate(PEOPLE):
        caller, intake = _intake(person, config, parse_intake)
        joined = now - timedelta(days=120 - index)
        users[person[0]] = (domain.save_intake(program, caller, intake, now=joined), caller.user_id)

    def pair(mentor, mentee, days_ago):
        return domain.pair_participants(program, users[mentor][0].pk, users[mentee][0].pk, None,
                                     now=now - timedelta(days=days_ago))

    def log(student, days_ago, topics, items, confirm_by=None, dispute_by=None):
        held = now - timedelta(days=days_ago)  # logged that evening, confirmed the next day
        data = {"held_on": held.date().isoformat(), "minutes": 60,
                "topics": topics, "items": items, "notes": "Worked through the checklist together."}
        session = domain.log_session(program, users[student][1], payloads.parse_session_log(
            data, config, today=now.date()), config, now=min(held + timedelta(hours=8), now))
        if confirm_by:
            domain.confirm_session(program, users[confirm_by][1], session.pk, config,
                                   now=min(held + timedelta(days=1), now))
        if dispute_by:
            domain.dispute_session(program, users[dispute_by][1], session.pk, "We met for 30 minutes only.")

    pair("mentor_ana", "mentee_paul", 70)
    log("mentor_ana", 60, ["linkedin"], ["linkedin/profile", "linkedin/connect"], confirm_by="mentee_paul")
    log("mentee_paul", 30, ["linkedin", "ai-assistants"], ["linkedin/engage", "ai-assistants/summarise"],
        confirm_by="mentor_ana")
    log("mentor_ana", 2, ["ai-assistants"], ["ai-assistants/draft"])
    pair("mentor_sam", "mentee_helen", 40)
    log("mentee_helen", 20, ["collaboration"], ["collaboration/channel"], dispute_by="mentor_sam")
    pair("mentor_li", "mentee_george", 5)
    for mentor, mentee in (("mentor_zoe", "mentee_maria"), ("mentor_omar", "mentee_claire")):
        pair(mentor, mentee, 200)
        topic = PEOPLE[[p[0] for p in PEOPLE].index(mentee)][3][0]
        for number in range(config.plan.count):
            items = [f"{topic}/{item}" for item in [item.id for item in config.topic(topic).items][:number + 1]]
            log(mentor, 190 - 30 * number, [topic], items, confirm_by=mentee)
    feedback = payloads.parse_feedback({"satisfaction": 5, "would_recommend": True, "confidence": {
        "social-media": 3}, "comment": "Zoe made social media feel manageable."}, ["social-media"])
    domain.submit_feedback(program, users["mentee_maria"][1], feedback, config, now=now)
    pair("mentor_tom", "mentee_ruth", 80)  # no session in 80 days: stalled
    ended = pair("mentor_ines", "mentee_robert", 50)
    domain.end_pair(program, ended.pk, "Robert moved to another department.", now=now - timedelta(days=10))
    # Amir and Beatriz met twice, then staff ended their pair; each has a new partner and keeps that history.
    ended = pair("mentor_amir", "mentee_beatriz", 75)
    log("mentor_amir", 70, ["mobile"], ["mobile/calendar"], confirm_by="mentee_beatriz")
    log("mentee_beatriz", 40, ["mobile"], ["mobile/scan"], confirm_by="mentor_amir")
    domain.end_pair(program, ended.pk, "Beatriz asked for a mentor in her own time zone.", now=now - timedelta(days=9))
    pair("mentor_amir", "mentee_carlos", 6)
    pair("mentor_dana", "mentee_beatriz", 4)
    # Next meetings: Ana proposed one to Paul; Helen and Sam agreed on one; Carlos proposed one to Amir.
    meet(program, users, "mentor_ana", now, days=6, clock="17:30", config=config)
    agreed = meet(program, users, "mentee_helen", now, days=3, clock="09:00", config=config)
    domain.answer_meeting(program, users["mentor_sam"][1], agreed.pk, True, now=now)
    meet(program, users, "mentee_carlos", now, days=2, clock="08:00", config=config)
    circle(program, users, now)


# The mentor circle: (who, days ago, text, replies as (who, hours later, text)); "staff" is course staff.
CIRCLE_POSTS = [
    ("staff", 30, "Welcome to the mentor circle. Share what works in your sessions and ask what you would like "
                  "to know: the other mentors have been there too.", []),
    ("mentor_ana", 21, "Paul learns faster when he drives: I let him share his screen and only tell him where to "
                       "click. Slower at first, but it sticks.",
     [("mentor_zoe", 5, "Same with Maria. I also send a two-line recap after each session."),
      ("mentor_omar", 30, "Good idea, stealing the recap.")]),
    ("mentor_sam", 12, "Helen and I disagree on how long our last session was. How do you keep track of time?",
     [("mentor_li", 3, "I start the video call from the calendar invite: its length is in the call history."),
      ("staff", 6, "Log the session right after you meet, while you both remember it.")]),
    ("mentor_li", 4, "Any tips for mentoring across time zones? George is on my clock, but my next mentee may "
                     "not be.", [("mentor_kenji", 2, "Pick one slot that works for both and keep it every time.")]),
]


def circle(program, users, now):
    """The mentor circle as it looks after a month: posts and replies, the welcome pinned, a reply hidden with its
    reason, a post shown again after a moderation, and the next circle meeting."""
    from django.contrib.auth import get_user_model

    from reverse_mentoring_xblock.core.circle import CircleMeetingPlan
    from reverse_mentoring_xblock.core.meetings import parse_proposal
    from reverse_mentoring_xblock.domain import circle as mentor_circle
    staff_id = get_user_model().objects.get_or_create(username="staff")[0].pk

    def seat(who):
        user_id = staff_id if who == "staff" else users[who][1]
        return mentor_circle.seat(program, user_id, who == "staff", False)

    posts = []
    for who, days_ago, text, replies in CIRCLE_POSTS:
        written = now - timedelta(days=days_ago)
        post = mentor_circle.add_post(program, seat(who), text, now=written)
        posts.append(post)
        for replier, hours, reply in replies:
            mentor_circle.add_reply(program, seat(replier), post.pk, reply, now=written + timedelta(hours=hours))
    mentor_circle.pin_post(program, posts[0].pk, True)
    spam = mentor_circle.add_reply(program, seat("mentor_tom"), posts[3].pk, "Call me on +49 30 1234567 for "
                                   "paid coaching.", now=now - timedelta(days=1))
    mentor_circle.hide_post(program, spam.pk, "A phone number and an offer of paid coaching.", staff_id,
                            now=now - timedelta(hours=20))
    mentor_circle.hide_post(program, posts[2].pk, "Names a disagreement between partners: checked with Sam first.",
                            staff_id, now=now - timedelta(days=11))
    mentor_circle.unhide_post(program, posts[2].pk)
    day = (now + timedelta(days=5)).date().isoformat()
    plan = CircleMeetingPlan(parse_proposal({"date": day, "time": "17:00", "minutes": 45}, "Europe/Paris", now),
                             "https://meet.example.org/mentor-circle")
    mentor_circle.schedule_meeting(program, staff_id, plan, now=now)


def meet(program, users, student, now, *, days, clock, config):
    """``student`` proposes a meeting ``days`` ahead at ``clock`` on their own clock, for the session's length."""
    from reverse_mentoring_xblock import domain
    from reverse_mentoring_xblock.core.meetings import parse_proposal
    participant, user_id = users[student]
    day = (now + timedelta(days=days)).date().isoformat()
    proposed = parse_proposal({"date": day, "time": clock, "minutes": config.plan.minutes},
                              participant.intake["timezone"], now)
    return domain.propose_meeting(program, user_id, proposed, now=now)


def _default_config(block_class):
    from reverse_mentoring_xblock.core import program
    fields = block_class.fields
    return program.build_config(
        goal=fields["program_goal"].default, topics=list(program.DEFAULT_TOPICS),
        experience_areas=list(program.DEFAULT_EXPERIENCE_AREAS),
        sessions_planned=fields["sessions_planned"].default, session_minutes=fields["session_minutes"].default,
        cadence_days=fields["cadence_days"].default, grading_weights=fields["grading_weights"].default,
        min_days_between_sessions=fields["min_days_between_sessions"].default)


def _intake(person, config, parse_intake):
    from django.contrib.auth import get_user_model

    from devsite.users import anonymous_id_for
    from reverse_mentoring_xblock.access import Caller
    student, name, role, topics, areas, slots, zone = person
    first, last = name.split(" ", 1)
    user, _created = get_user_model().objects.get_or_create(
        username=student, defaults={"first_name": first, "last_name": last})
    mentor = role == "mentor"
    answers = {
        "role": role, "public_name": name,
        "ratings": {t: (4 if t in topics else 2) if mentor else (0 if t in topics else 2) for t in config.topic_ids},
        "learn_topics": [] if mentor else topics, "teach_topics": topics if mentor else [],
        "share_experience": [] if mentor else areas, "learn_experience": areas if mentor else [],
        "goals": f"{first} wants to grow through this program.", "availability": slots, "timezone": zone,
        "meeting": "remote",
        "area_ratings": {a: (1 if a in areas else 2) for a in config.area_ids} if mentor else {},
    }
    caller = Caller(user_id=user.pk, username=student, anonymous_id=anonymous_id_for(student), full_name=name)
    return caller, parse_intake(answers, config)


def print_urls():
    base = f"{DEMO_HOST}/scenario/{SCENARIO}/?student="
    print("\nReverse mentoring demo is starting. Open:")
    for label, student in (("a mentor (Ana, sessions under way)", "mentor_ana"),
                           ("a mentee (Paul, a session to confirm)", "mentee_paul"),
                           ("a waiting learner (Yuki)", "mentee_yuki"),
                           ("a mentor with an earlier pair (Amir)", "mentor_amir"),
                           ("a new learner (intake questionnaire)", "new_learner"),
                           ("course staff (matching, participants, pairs)", "staff")):
        print(f"  {label:46} {base}{student}")
    print()


if __name__ == "__main__":
    main()
