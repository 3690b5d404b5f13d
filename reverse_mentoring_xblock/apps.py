"""Django app registration for the LMS and Studio (``lms.djangoapp`` / ``cms.djangoapp``)."""
from django.apps import AppConfig


class ReverseMentoringConfig(AppConfig):
    """Installs our models in both the LMS and Studio, and connects user-retirement receivers."""

    name = "reverse_mentoring_xblock"
    label = "reverse_mentoring_xblock"
    verbose_name = "Reverse mentoring"
    default_auto_field = "django.db.models.BigAutoField"
    plugin_app = {"settings_config": {"lms.djangoapp": {"common": {"relative_path": "lms_settings"}}}}

    def ready(self):
        from . import learning_records
        from .domain import lifecycle, retirement
        retirement.connect()
        lifecycle.connect()
        learning_records.register()
