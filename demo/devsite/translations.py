"""Extract every translatable string of the block into gettext catalogues.

``python -m devsite.translations`` (``make translations``) writes the source catalogue shipped in the
package, ``reverse_mentoring_xblock/translations/en/LC_MESSAGES/text.po`` (Python, templates and JavaScript
in one file, the domain the XBlock i18n service reads). Tests call ``extract`` to build a dummy language.
"""
import os
import shutil
import tempfile
from pathlib import Path

import django
import polib

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("reverse_mentoring_xblock", "templates", "static")
CATALOGUE = REPO / "reverse_mentoring_xblock" / "translations" / "en" / "LC_MESSAGES" / "text.po"


def extract(locale):
    """Run Django's makemessages over a copy of the sources; return one merged ``polib.POFile``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    django.setup()
    from django.core.management import call_command
    work = Path(tempfile.mkdtemp(prefix="rm-i18n-"))
    try:
        for name in SOURCES:
            shutil.copytree(REPO / name, work / name, ignore=shutil.ignore_patterns("translations", "__pycache__"))
        (work / "locale").mkdir()
        cwd = os.getcwd()
        os.chdir(work)
        try:
            call_command("makemessages", locale=[locale], domain="django", extensions=["html", "py"], verbosity=0,
                         no_location=True)
            call_command("makemessages", locale=[locale], domain="djangojs", extensions=["js"], verbosity=0,
                         no_location=True)
        finally:
            os.chdir(cwd)
        folder = work / "locale" / locale / "LC_MESSAGES"
        catalogue = polib.pofile(str(folder / "django.po"))
        known = {(entry.msgctxt, entry.msgid) for entry in catalogue}
        for entry in polib.pofile(str(folder / "djangojs.po")):
            if (entry.msgctxt, entry.msgid) not in known:
                catalogue.append(entry)
        return catalogue
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    catalogue = extract("en")
    catalogue.metadata["Project-Id-Version"] = "reverse-mentoring-xblock"
    catalogue.metadata.pop("POT-Creation-Date", None)
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(CATALOGUE))
    print(f"{len(catalogue)} messages written to {CATALOGUE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
