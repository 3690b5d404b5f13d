"""Workbench settings plus our app, edx-submissions and a user service with staff and anonymous ids.

``RM_DATABASE=mariadb`` switches to the local MariaDB server (as Open edX runs on MySQL);
``RM_VAR_DIR`` is where SQLite and the log live (default ``var/`` in the current directory).
"""
import os

from django.conf import global_settings
from workbench.settings import *  # noqa: F403

VAR_DIR = os.path.abspath(os.environ.get("RM_VAR_DIR", "var"))
os.makedirs(VAR_DIR, exist_ok=True)

INSTALLED_APPS = [*INSTALLED_APPS, "submissions", "reverse_mentoring_xblock"]  # noqa: F405
TIME_ZONE = "UTC"
EXCLUDED_XBLOCKS = {  # the SDK's sample blocks only clutter the demo
    "allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs", "helloworld_demo", "html_demo",
    "problem_demo", "sidebar_demo", "slider_demo", "textinput_demo", "thumbs", "view_counter_demo",
}

if os.environ.get("RM_DATABASE") == "mariadb":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("RM_DATABASE_NAME", "reverse_mentoring"),
            "USER": os.environ.get("RM_DATABASE_USER", "root"),
            "PASSWORD": os.environ.get("RM_DATABASE_PASSWORD", ""),
            "HOST": os.environ.get("RM_DATABASE_HOST", "127.0.0.1"),
            "PORT": os.environ.get("RM_DATABASE_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4"},
            # edx-submissions' 0006_mariadb_uuid_conversion alters submissions_studentitem.uuid, a column
            # its migrations never create, so migrating a fresh MariaDB database fails. The test database
            # is built from the models instead; `.ci/run` migrates our own app on MariaDB separately.
            "TEST": {"NAME": "test_reverse_mentoring", "CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci",
                     "MIGRATE": False},
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(VAR_DIR, "workbench.db")}}

LOGGING["handlers"]["logfile"]["filename"] = os.path.join(VAR_DIR, "workbench.log")  # noqa: F405
WORKBENCH["services"]["user"] = "devsite.users.DemoUserService"  # noqa: F405
WORKBENCH["services"]["i18n"] = "devsite.i18n.BundledTranslations"  # noqa: F405
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "rtl"]  # as the LMS: its right-to-left test language too
MIDDLEWARE = [*MIDDLEWARE, "devsite.i18n.LanguageFromQuery"]  # noqa: F405  ?lang=es-419, after the sessions
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGGING["loggers"]["django.db.backends"] = {"level": "INFO", "handlers": ["logfile"], "propagate": False}  # noqa: F405
# Django logs every failed variable lookup in a template (its own 404 page has many) with a traceback, at DEBUG.
LOGGING["loggers"]["django.template"] = {"level": "INFO", "handlers": ["logfile"], "propagate": False}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True  # the workbench has no workers: background tasks run in the request
CELERY_TASK_EAGER_PROPAGATES = True
