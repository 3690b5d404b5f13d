"""What Studio shows authors in place of the learner view."""


def author_summary(config):
    """What Studio shows authors in place of the learner view."""
    return {
        "goal": config.goal,
        "topics": [{"title": t.title, "count": len(t.items)} for t in config.topics],
        "areas": [a.title for a in config.experience_areas],
        "plan": config.plan,
    }
