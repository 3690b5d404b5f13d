"""The site's Celery app, as the LMS has its own: tasks run in-process (eager), no broker needed."""
from celery import Celery

# No Django fixup: it would put the current directory on sys.path and import the checkout, not the install.
app = Celery("devsite", fixups=[])
app.config_from_object("django.conf:settings", namespace="CELERY")
# The default in every thread, not only this one: the development server answers in threads, where a task
# would otherwise bind to Celery's own default app, which is not eager and queues to a broker nobody reads.
app.set_default()
