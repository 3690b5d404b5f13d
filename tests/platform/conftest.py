"""edx-event-routing-backends (ERB) as an LMS with Aspects runs it, for ``test_xapi.py``.

``erb_settings`` installs ERB's app and builds the settings with the LMS's plugin loader, which runs the
settings hooks of ERB and of our app (``plugin_app``) found through their entry points. ``lms_identities``
stands in for the two edx-platform lookups ERB makes, which exist only inside the LMS (ERB's own tests
replace them too): the learner's xAPI id (the LMS's ``ExternalId``: one random UUID per user and type,
kept) and the course's overview. The transformers, ERB and our code run as they are.
"""
import sys
import types
import uuid
from unittest import mock

import pytest
from django.test import override_settings

LMS_ROOT_URL = "https://lms.example.org"
COURSE_NAME = "Digital skills across generations"


def lms_settings(*hooks):
    """The settings the given plugin settings hooks leave, in that order, on top of the LMS's root URL."""
    target = types.SimpleNamespace(LMS_ROOT_URL=LMS_ROOT_URL)
    for hook in hooks:
        hook(target)
    return vars(target)


def plugin_loader_settings():
    """The settings the LMS's plugin loader leaves on a settings module holding only the LMS's root URL."""
    from edx_django_utils.plugins import add_plugins
    module = types.ModuleType("lms_common_settings")
    module.LMS_ROOT_URL = LMS_ROOT_URL
    with mock.patch.dict(sys.modules, {module.__name__: module}):
        add_plugins(module.__name__, "lms.djangoapp", "common")
    return {name: value for name, value in vars(module).items() if name.isupper()}


def erb_hook(settings):
    from event_routing_backends.settings.common import plugin_settings
    plugin_settings(settings)


@pytest.fixture(scope="module")
def erb_settings(django_db_setup):
    """ERB and the Celery utilities its tasks use installed next to our app (Django runs every ``ready()``
    again), with ERB's settings and ours.

    The test database exists before they join, so it holds none of their tables: nothing here routes to an LRS.
    """
    from django.conf import settings
    apps = [*settings.INSTALLED_APPS, "event_routing_backends", "celery_utils"]
    with override_settings(INSTALLED_APPS=apps, **plugin_loader_settings()):
        yield


class ExternalIds:
    """The LMS's ``ExternalId`` and ``ExternalIdType`` as ERB calls them."""

    XAPI = "xapi"

    def __init__(self):
        self.ids = {}

    def add_new_user_id(self, user, type_name):
        created = (user.pk, type_name) not in self.ids
        external_id = self.ids.setdefault((user.pk, type_name), uuid.uuid4())
        return types.SimpleNamespace(external_user_id=external_id), created


@pytest.fixture
def lms_identities(erb_settings, db, monkeypatch):
    """The LMS lookups ERB imports at start (absent here), set on ERB's helpers; their caches emptied."""
    from event_routing_backends import helpers
    external_ids = ExternalIds()
    monkeypatch.setattr(helpers, "ExternalId", external_ids)
    monkeypatch.setattr(helpers, "ExternalIdType", external_ids)
    monkeypatch.setattr(helpers, "get_potentially_retired_user_by_username", lambda username: None)
    monkeypatch.setattr(helpers, "get_course_overviews", lambda keys: [{"display_name": COURSE_NAME}])
    helpers.get_anonymous_user_id.cache_clear()
    helpers.get_course_from_id.cache_clear()
    yield external_ids
    helpers.get_anonymous_user_id.cache_clear()
    helpers.get_course_from_id.cache_clear()
