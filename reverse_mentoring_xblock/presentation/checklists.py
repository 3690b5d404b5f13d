"""Checklist items as the author ordered them, wherever a session's ticked items are listed."""


def item_titles(config):
    """``{(topic id, item id): title}`` in the author's order: topics first, then each topic's items."""
    return {(topic.id, item.id): item.title for topic in config.topics for item in topic.items}


def ticked_titles(titles, ticked):
    """The titles of the ticked ``(topic id, item id)`` keys, in the order of ``titles``; unknown keys left out."""
    ticked = set(ticked)
    return [title for key, title in titles.items() if key in ticked]
