"""Valid payloads and a default program configuration, for tests that change one thing at a time."""
from reverse_mentoring_xblock.core import program

DEFAULT_SETTINGS = {
    "goal": "Learn from each other.",
    "topics": list(program.DEFAULT_TOPICS),
    "experience_areas": list(program.DEFAULT_EXPERIENCE_AREAS),
    "sessions_planned": 6,
    "session_minutes": 60,
    "cadence_days": 30,
    "grading_weights": {"sessions": 60, "checklist": 30, "feedback": 10},
}


def config(**changes):
    return program.build_config(**{**DEFAULT_SETTINGS, **changes})


def intake(role="mentee", **changes):
    topic_ids = [t["id"] for t in program.DEFAULT_TOPICS]
    answers = {
        "role": role,
        "public_name": f"A {role}",
        "ratings": dict.fromkeys(topic_ids, 4 if role == "mentor" else 1),
        "learn_topics": ["linkedin", "ai-assistants"] if role == "mentee" else [],
        "teach_topics": ["linkedin", "ai-assistants"] if role == "mentor" else [],
        "share_experience": ["leadership"] if role == "mentee" else [],
        "learn_experience": ["leadership"] if role == "mentor" else [],
        "goals": "Get better at this.",
        "availability": ["tue-morning"],
        "timezone": "Europe/Paris",
        "meeting": "remote",
        "area_ratings": dict.fromkeys((a["id"] for a in program.DEFAULT_EXPERIENCE_AREAS), 1) if role == "mentor"
        else {},
    }
    answers.update(changes)
    return answers


def session_log(held_on, **changes):
    data = {"held_on": held_on, "minutes": 60, "topics": ["linkedin"],
            "items": ["linkedin/profile", "linkedin/connect"], "notes": "Good start."}
    data.update(changes)
    return data
