"""A workbench site for the demo and the tests: our app, edx-submissions and a user service."""

from .celery import app as celery_app  # noqa: F401  (so shared_task binds to this app)
