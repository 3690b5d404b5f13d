"""Checklist items as the author ordered them, wherever a session's ticked items are listed."""


def item_titles(config, gettext=None):
    """``{(topic id, item id): title}`` in the author's order: topics first, then each topic's items; then the items
    removed since pairs ticked them, marked so (with ``gettext``, as a learner or staff view shows history)."""
    titles = {(topic.id, item.id): item.title for topic in config.topics for item in topic.items}
    if gettext is not None:
        for key, title in config.retired_items.items():
            topic_id, _slash, item_id = key.partition("/")
            titles.setdefault((topic_id, item_id), gettext("{title} (no longer in the program)").format(
                title=gettext(title)))
    return titles


def ticked_titles(titles, ticked):
    """The titles of the ticked ``(topic id, item id)`` keys, in the order of ``titles``; unknown keys left out."""
    ticked = set(ticked)
    return [title for key, title in titles.items() if key in ticked]
