"""The mentor circle's presenter: learners never receive hidden text nor why it was hidden; staff read the
moderation, now or earlier."""
from datetime import UTC, datetime

from django.contrib.auth import get_user_model

from reverse_mentoring_xblock.domain.circle import CirclePage
from reverse_mentoring_xblock.domain.dashboard import Page
from reverse_mentoring_xblock.models import CirclePost
from reverse_mentoring_xblock.presentation.circle import circle_context

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
MODERATOR = get_user_model()(username="moderator")


def entry(pk, reason="", hidden=False):
    """A post staff hid (``hidden``), or hid and then showed again (``reason`` without ``hidden``)."""
    post = CirclePost(pk=pk, body=f"Post {pk}.", by_staff=True, created_at=NOW, hidden_reason=reason,
                      hidden_at=NOW if hidden else None, hidden_by=MODERATOR if reason else None)
    post.thread = []
    return post


def entries(is_staff):
    posts = [entry(1), entry(2, "A phone number.", hidden=True), entry(3, "Off topic, then fixed.")]
    context = circle_context(CirclePage(Page(posts, 3, 1, 10), []), "UTC", is_staff, False, NOW, str)
    return {post["id"]: post for post in context["posts"]}


def test_staff_read_who_hid_a_post_and_why_while_hidden_and_once_shown_again():
    posts = entries(is_staff=True)
    assert posts[1]["hidden"] is False and posts[1]["hidden_earlier"] is None
    assert posts[2]["body"] == "Post 2." and posts[2]["hidden"]["reason"] == "A phone number."
    assert posts[2]["hidden"]["by"] == "moderator" and posts[2]["hidden_earlier"] is None
    assert posts[3]["hidden"] is False
    assert posts[3]["hidden_earlier"] == {"by": "moderator", "reason": "Off topic, then fixed."}


def test_learners_never_receive_a_reason_nor_hidden_text():
    posts = entries(is_staff=False)
    assert (posts[2]["body"], posts[2]["hidden"], posts[2]["hidden_earlier"]) == (None, True, None)
    assert (posts[3]["body"], posts[3]["hidden"], posts[3]["hidden_earlier"]) == ("Post 3.", False, None)
    assert "Off topic" not in repr(posts) and "phone number" not in repr(posts)
