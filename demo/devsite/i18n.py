"""Translating the block in the workbench as the LMS does, and choosing the demo's language.

The workbench's own i18n service reads Django's global catalogue, which holds none of the block's
messages; the LMS's service reads the block's bundled ``translations/<locale>/LC_MESSAGES/text.mo`` for
the active language. ``BundledTranslations`` does the same here, so the demo and the tests show the
block as learners in the LMS see it. ``LanguageFromQuery`` lets a visitor pick the language with
``?lang=es-419`` (kept in the session), as the LMS's language preference does.
"""
import gettext
import re
from functools import cache
from pathlib import Path

from django.utils import translation

import reverse_mentoring_xblock

SHIPPED = Path(reverse_mentoring_xblock.__file__).absolute().parent / "translations"
SESSION_KEY = "demo_language"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", re.IGNORECASE)  # en, es-419, eo, rtl


@cache
def bundled(locale):
    """The block's catalogue for ``locale`` (``es_419``), or no translation (English) if it ships none."""
    return gettext.translation("text", localedir=str(SHIPPED), languages=[locale], fallback=True)


class BundledTranslations:
    """The i18n service: ``gettext``, ``ngettext`` and the catalogue XBlock's template tags merge, for the active
    language at the time of each call (the workbench builds its services once, not per request)."""

    def __getattr__(self, name):
        return getattr(bundled(translation.to_locale(translation.get_language() or "en")), name)


class LanguageFromQuery:
    """Middleware: activate the language ``?lang=`` names (``?lang=en`` goes back to English) for the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if LANGUAGE_CODE.fullmatch(request.GET.get("lang", "")):
            request.session[SESSION_KEY] = request.GET["lang"]
        language = request.session.get(SESSION_KEY)
        if not language:
            return self.get_response(request)
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
