"""Renders our Django templates (shipped in the package's ``templates/`` folder).

Like ``xblock.utils.resources.ResourceLoader.render_django_template`` it uses XBlock's ``i18n``
template tags, so ``{% trans %}`` reads the block's own translations; unlike it, the engine can
resolve ``{% include %}`` (one session form serves logging and correcting) and keeps compiled
templates between renders.
"""
from functools import lru_cache
from pathlib import Path

from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from django.utils import translation
from django.utils.safestring import mark_safe

from ..core.vocabulary import TEXT_LIMITS

# What ``field.html`` reads when an include leaves it out: a template variable that does not exist is
# a lookup failure Django logs (with the whole context) at debug level, once per field and row.
FIELD_DEFAULTS = {"hint": "", "maxlength": "", "min": "", "max": "", "step": "", "data_type": "",
                  "autocomplete": "", "placeholder": "", "rows": 3}

# The package folder above this one, without resolving links: an editable install links each file into a
# tree of its own.
PACKAGE_DIR = Path(__file__).absolute().parent.parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"


@lru_cache(maxsize=1)
def _engine():
    libraries = get_installed_libraries()
    libraries["i18n"] = "xblock.utils.templatetags.i18n"
    loaders = [("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])]
    return Engine(dirs=[str(TEMPLATE_DIR)], libraries=libraries, loaders=loaders)


def render(template_name, context, i18n_service):
    """Render ``template_name`` (auto-escaped) and return HTML safe to embed in another of ours.

    Every template also sees ``limits``: the most characters each text field keeps (``maxlength``), the
    defaults of ``field.html``'s optional parameters, and ``text_direction``, which the block's root carries
    so that it reads right to left in such a language wherever it is shown (a mobile view, an MFE).
    """
    template = _engine().get_template(template_name)
    direction = "rtl" if translation.get_language_bidi() else "ltr"
    context = {**FIELD_DEFAULTS, "limits": TEXT_LIMITS, "text_direction": direction, **context,
               "_i18n_service": i18n_service}
    return mark_safe(template.render(Context(context)))  # nosec: auto-escaped


def load_static(path):
    """Text of a file in the package's ``static/`` folder (CSS and JS are inlined into fragments)."""
    return (PACKAGE_DIR / "static" / path).read_text(encoding="utf-8")
