"""Django settings built as the LMS's and Studio's are, from the plugin entry points, then an operator's deploy.

Run by ``tests/handlers/test_wheel.py`` with the Python of a fresh virtualenv holding the wheel (``-I``, from a
temporary directory): ``python -I plugin_settings_check.py lms|cms DATABASE_FILE``. The module is its own
settings module, as ``lms/envs/common.py`` and ``cms/envs/common.py`` are: the project's apps are extended with
the plugin apps its project type's entry points name, and ``add_plugins(__name__, ...)`` hands the module to
each plugin's settings function. Nothing names our app by hand, so only the entry point can install it.

Then, as a deploy does: Django starts, its system checks pass, every migration applies (ours and
edx-submissions'), the plugin URL and receiver configurations load, the block class loads through its
``xblock.v1`` entry point, and the platform's Celery app finds our task by autodiscovery. Prints
``PLUGIN-SETTINGS-OK lms`` (or ``cms``) when all of it held.
"""
import os
import sys
from pathlib import Path

from edx_django_utils.plugins import add_plugins, connect_plugin_receivers, get_plugin_apps, get_plugin_url_patterns

# The platform's ProjectType and SettingsType values (openedx/core/djangoapps/plugins/constants.py).
PROJECT_TYPES = {"lms": "lms.djangoapp", "cms": "cms.djangoapp"}
SETTINGS_TYPE_COMMON = "common"
APP_LABEL = "reverse_mentoring_xblock"
APP_CONFIG = "reverse_mentoring_xblock.apps.ReverseMentoringConfig"
TASKS = ("reverse_mentoring_xblock.run_matching", "reverse_mentoring_xblock.send_reminders")
REMINDER_TEMPLATES = [f"reverse_mentoring_xblock/edx_ace/reminder/email/{name}"
                      for name in ("from_name.txt", "subject.txt", "body.txt", "body.html", "head.html")]
MARKER = "PLUGIN-SETTINGS-OK"

PROJECT = sys.argv[1]
PROJECT_TYPE = PROJECT_TYPES[PROJECT]

SECRET_KEY = "plugin-settings-check"
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"  # the platform's
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[2]}}
# Templates from each app's folder, as the LMS finds edx-ace's message templates.
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
# The platform's own apps that ours relies on (users, and edx-submissions for the gradebook), then the plugins.
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "submissions"]
INSTALLED_APPS.extend(get_plugin_apps(PROJECT_TYPE))
add_plugins(__name__, PROJECT_TYPE, SETTINGS_TYPE_COMMON)


def main():
    assert APP_CONFIG in INSTALLED_APPS, f"{PROJECT_TYPE} plugin apps lack {APP_CONFIG}: {INSTALLED_APPS}"
    os.environ["DJANGO_SETTINGS_MODULE"] = __name__
    import django
    django.setup()

    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    import reverse_mentoring_xblock
    from reverse_mentoring_xblock import platform
    from reverse_mentoring_xblock.apps import ReverseMentoringConfig
    from reverse_mentoring_xblock.block import ReverseMentoringXBlock

    package = Path(reverse_mentoring_xblock.__file__).resolve()
    assert Path(sys.prefix).resolve() in package.parents, f"imported from {package}, not from the venv {sys.prefix}"
    assert type(apps.get_app_config(APP_LABEL)) is ReverseMentoringConfig, apps.get_app_config(APP_LABEL)
    # ready() ran: the user-retirement receiver is connected (to stand-in signals outside the LMS).
    assert platform.retirement_signals()[0].has_listeners(), "the retirement receiver is not connected"

    # What the platform's urls.py and its plugins app do with each plugin's configuration at start-up.
    for pattern in get_plugin_url_patterns(PROJECT_TYPE):
        assert pattern.url_patterns is not None, pattern
    connect_plugin_receivers(PROJECT_TYPE)

    call_command("check")  # raises SystemCheckError on any error
    call_command("migrate", interactive=False, verbosity=0)
    loader = MigrationLoader(connection)
    for app in (APP_LABEL, "submissions"):
        shipped = {name for label, name in loader.disk_migrations if label == app}
        applied = {name for label, name in loader.applied_migrations if label == app}
        assert shipped and applied == shipped, f"{app}: shipped {sorted(shipped)}, applied {sorted(applied)}"
    print("migrations applied:", sorted(name for label, name in loader.applied_migrations if label == APP_LABEL))

    from xblock.core import XBlock
    assert XBlock.load_class("reverse_mentoring") is ReverseMentoringXBlock, XBlock.load_class("reverse_mentoring")

    check_celery_autodiscovery()
    check_reminders()
    print(MARKER, PROJECT)


def check_reminders():
    """The LMS's beat starts the daily reminders, and the wheel ships the e-mail's templates where edx-ace looks."""
    from django.conf import settings
    from django.template.loader import get_template

    beat = getattr(settings, "CELERY_BEAT_SCHEDULE", {})
    if PROJECT == "lms":
        assert beat["reverse-mentoring-reminders"]["task"] == TASKS[1], beat
    for name in REMINDER_TEMPLATES:
        get_template(name)  # raises TemplateDoesNotExist


def check_celery_autodiscovery():
    """The platform's Celery app (openedx/core/lib/celery) finds tasks in every installed app's ``tasks``."""
    from celery import Celery

    assert "reverse_mentoring_xblock.tasks" not in sys.modules, "the tasks module was imported before discovery"
    app = Celery("proj")
    app.config_from_object("django.conf:settings")
    app.autodiscover_tasks()
    app.loader.import_default_modules()  # what a worker does as it starts
    for task in TASKS:
        assert task in app.tasks, f"{task} not among {sorted(app.tasks)}"


if __name__ == "__main__":
    main()
