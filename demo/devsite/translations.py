"""The block's gettext catalogues: extract, update, dummy languages, compile and check.

``python -m devsite.translations COMMAND`` (the Makefile's translation targets, docs/translations.md):

- ``extract``: writes the source catalogue ``reverse_mentoring_xblock/translations/en/LC_MESSAGES/text.po``
  (Python, templates and JavaScript in one file, the ``text`` domain the XBlock i18n service reads), brings
  every other locale's ``text.po`` to the same messages and regenerates the dummy languages;
- ``dummy``: the dummy languages only, with edx-i18n-tools' converters;
- ``compile``: ``text.mo`` next to every ``text.po`` (msgfmt) and a JavaScript catalogue per translated
  locale, ``static/js/i18n/<locale>.js``, defining ``window.ReverseMentoringI18N``;
- ``check``: says what is out of date and fails.

The locales are those of ``conf/locale/config.yaml``. Extraction is Django's makemessages over a copy of the
three source folders rather than ``i18n_tool extract``: that one runs makemessages over the whole checkout
(virtualenvs, demo and tests included), leaves two catalogues of the ``django`` domain where the LMS reads one
``text.po``, and rewrites the header with the Open edX project's own.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django
import polib
from i18n.config import Configuration
from i18n.dummy import ArabicDummy, Dummy, make_dummy

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("reverse_mentoring_xblock", "templates", "static")
TRANSLATIONS = REPO / "reverse_mentoring_xblock" / "translations"
JS_CATALOGUES = REPO / "static" / "js" / "i18n"
CONFIG = REPO / "conf" / "locale" / "config.yaml"
CATALOGUE = TRANSLATIONS / "en" / "LC_MESSAGES" / "text.po"

# The converter of each dummy language: accented and padded text ending with "#"; Arabic letters.
CONVERTERS = {"eo": Dummy, "rtl": ArabicDummy}
HEADER = "Messages of the reverse mentoring XBlock (docs/translations.md)."
SOURCE_METADATA = {
    "Project-Id-Version": "reverse-mentoring-xblock",
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
# A Plural-Forms expression: arithmetic on n only, so it can be copied into JavaScript as it is.
PLURAL_EXPRESSION = re.compile(r"\bplural\s*=\s*([n\d\s()!=<>&|?:%+*/-]+?)\s*;?\s*$")
JS_TEMPLATE = """\
/* The block's JavaScript messages in __LOCALE__, from translations/__LOCALE__/LC_MESSAGES/text.po.
 * Written by `make compile-translations`: edit the .po file, not this one. */
window.ReverseMentoringI18N = (function() {
    'use strict';

    var messages = __MESSAGES__;

    function pluralForm(n) {
        return Number(__PLURAL__);
    }

    return {
        gettext: function(text) {
            var found = messages[text];
            return typeof found === 'string' ? found : text;
        },
        ngettext: function(singular, plural, n) {
            var found = messages[singular];
            if (Array.isArray(found)) {
                return found[pluralForm(n)];
            }
            return n === 1 ? singular : plural;
        },
        /* Like Django's: named values fill %(name)s, a list fills each %s in turn. */
        interpolate: function(format, values, named) {
            if (named) {
                return format.replace(/%\\((\\w+)\\)s/g, function(match, name) { return String(values[name]); });
            }
            var next = 0;
            return format.replace(/%s/g, function() { return String(values[next++]); });
        }
    };
}());
"""


def configuration():
    return Configuration(filename=str(CONFIG))


def po_path(locale, folder=TRANSLATIONS):
    return folder / locale / "LC_MESSAGES" / "text.po"


def extract():
    """Run Django's makemessages over a copy of the sources; return one merged ``polib.POFile``.

    Each message keeps the files it comes from (not the lines): the JavaScript catalogues hold those of
    ``.js`` files.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    django.setup()
    from django.core.management import call_command
    work = Path(tempfile.mkdtemp(prefix="rm-i18n-"))
    try:
        skipped = shutil.ignore_patterns("translations", "i18n", "__pycache__")  # catalogues, JS catalogues
        for name in SOURCES:
            shutil.copytree(REPO / name, work / name, ignore=skipped)
        (work / "locale").mkdir()
        cwd = os.getcwd()
        os.chdir(work)
        try:
            for domain, extensions in (("django", ["html", "py"]), ("djangojs", ["js"])):
                call_command("makemessages", locale=["en"], domain=domain, extensions=extensions, verbosity=0,
                             add_location="file")
        finally:
            os.chdir(cwd)
        folder = work / "locale" / "en" / "LC_MESSAGES"
        catalogue = polib.pofile(str(folder / "django.po"))
        for entry in polib.pofile(str(folder / "djangojs.po")):
            known = catalogue.find(entry.msgid, msgctxt=entry.msgctxt)
            if known:
                known.occurrences += entry.occurrences
            else:
                catalogue.append(entry)
        catalogue.header = HEADER
        catalogue.metadata = dict(SOURCE_METADATA)
        catalogue.metadata_is_fuzzy = False
        return catalogue
    finally:
        shutil.rmtree(work, ignore_errors=True)


def update_locale(locale, source, folder=TRANSLATIONS):
    """Give ``locale`` exactly the source's messages, keeping its translations (a new locale starts empty)."""
    path = po_path(locale, folder)
    if not path.exists():
        catalogue = polib.pofile(str(po_path("en", folder)))
        catalogue.metadata["Language"] = locale
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        catalogue = polib.pofile(str(path))
        catalogue.merge(source)
        for entry in catalogue.obsolete_entries():
            catalogue.remove(entry)
    forms = int(re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    for entry in catalogue:
        if entry.msgid_plural:
            for form in range(forms):
                entry.msgstr_plural.setdefault(form, "")
    catalogue.save(str(path))


def write_dummies(folder=TRANSLATIONS):
    """Convert the source catalogue into each dummy language (``<locale>/LC_MESSAGES/text.po`` in ``folder``)."""
    for locale in configuration().dummy_locales:
        make_dummy(str(po_path("en", folder)), locale, CONVERTERS[locale]())


def write_all(source):
    """``make translations``: the source catalogue, every locale brought to its messages, the dummies."""
    config = configuration()
    source.save(str(CATALOGUE))
    for locale in config.translated_locales:
        update_locale(locale, source)
    write_dummies()
    print(f"{len(source)} messages in {CATALOGUE.relative_to(REPO)}; updated {', '.join(config.translated_locales)};"
          f" dummies {', '.join(config.dummy_locales)}")


def shipped_locales():
    """Every locale with a catalogue in the package: the source, the translated and the dummy ones."""
    config = configuration()
    return [config.source_locale, *config.translated_locales, *config.dummy_locales]


def javascript_ids(source):
    """The messages the JavaScript uses (those found in a ``.js`` file)."""
    return {entry.msgid for entry in source if any(path.endswith(".js") for path, _line in entry.occurrences)}


def js_catalogue(locale, folder=TRANSLATIONS):
    """The JavaScript catalogue of ``locale``: its translations of the JavaScript's messages, and its plural rule."""
    wanted = javascript_ids(polib.pofile(str(po_path("en", folder))))
    catalogue = polib.pofile(str(po_path(locale, folder)))
    rule = PLURAL_EXPRESSION.search(catalogue.metadata.get("Plural-Forms", ""))
    if not rule:
        raise ValueError(f"{locale}: Plural-Forms must be arithmetic on n: {catalogue.metadata.get('Plural-Forms')}")
    messages = {}
    for entry in catalogue.translated_entries():
        if entry.msgid in wanted and not entry.msgctxt:
            plural = [entry.msgstr_plural[form] for form in sorted(entry.msgstr_plural)]
            messages[entry.msgid] = plural if entry.msgid_plural else entry.msgstr
    # ASCII only, and no "<", ">" or "&": the catalogue is inlined into a <script> element.
    text = json.dumps(messages, ensure_ascii=True, indent=4, sort_keys=True).replace("\n", "\n    ")
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (JS_TEMPLATE.replace("__LOCALE__", locale).replace("__MESSAGES__", text)
            .replace("__PLURAL__", rule.group(1)))


def compile_all(folder=TRANSLATIONS, js_folder=JS_CATALOGUES):
    """``text.mo`` for every locale (msgfmt, which also checks the placeholders) and the JavaScript catalogues."""
    locales = shipped_locales()
    for locale in locales:
        path = po_path(locale, folder)
        subprocess.run(["msgfmt", "--check-format", "--check-domain", "-o", str(path.with_suffix(".mo")), str(path)],
                       check=True)
    js_folder.mkdir(parents=True, exist_ok=True)
    for stale in js_folder.glob("*.js"):
        stale.unlink()
    for locale in locales[1:]:
        (js_folder / f"{locale}.js").write_text(js_catalogue(locale, folder), encoding="utf-8")


def _shape(catalogue):
    """What extraction decides: each message and the files it comes from."""
    return {(e.msgctxt, e.msgid, e.msgid_plural): sorted(path for path, _line in e.occurrences) for e in catalogue}


def _translations(entries):
    return {(e.msgctxt, e.msgid): (e.msgstr, sorted(e.msgstr_plural.items())) for e in entries if e.msgid}


def problems(source, folder=TRANSLATIONS, js_folder=JS_CATALOGUES):
    """What is out of date, one line each naming the target that updates it; ``source``: a fresh extraction."""
    config = configuration()
    found = []
    shipped = polib.pofile(str(po_path("en", folder)))
    if _shape(shipped) != _shape(source):
        found.append("en: the source catalogue differs from the code: run `make translations`")
    ids = {entry.msgid_with_context for entry in shipped}
    for locale in shipped_locales()[1:]:
        path = po_path(locale, folder)
        if not path.exists():
            found.append(f"{locale}: no text.po: run `make translations`")
            continue
        have = {entry.msgid_with_context for entry in polib.pofile(str(path)) if not entry.obsolete}
        if have != ids:
            found.append(f"{locale}: {len(ids - have)} messages missing, {len(have - ids)} obsolete: "
                         "run `make translations`")
    with tempfile.TemporaryDirectory() as work:
        po_path("en", Path(work)).parent.mkdir(parents=True)
        shutil.copy(po_path("en", folder), po_path("en", Path(work)))
        write_dummies(Path(work))
        for locale in config.dummy_locales:
            path = po_path(locale, folder)
            if path.exists() and path.read_text(encoding="utf-8") != po_path(locale, Path(work)).read_text("utf-8"):
                found.append(f"{locale}: not as generated from the source catalogue: run `make dummy-translations`")
    found.extend(_stale_compiled(folder, js_folder))
    return found


def _stale_compiled(folder, js_folder):
    found = []
    locales = [locale for locale in shipped_locales() if po_path(locale, folder).exists()]
    for locale in locales:
        compiled = po_path(locale, folder).with_suffix(".mo")
        catalogue = polib.pofile(str(po_path(locale, folder)))
        if not compiled.exists() or _translations(polib.mofile(str(compiled))) != _translations(
                catalogue.translated_entries()):
            found.append(f"{locale}: text.mo differs from text.po: run `make compile-translations`")
    expected = {f"{locale}.js" for locale in locales[1:]}
    for name in sorted({path.name for path in js_folder.glob("*.js")} | expected):
        path = js_folder / name
        if name not in expected or not path.exists() or path.read_text(encoding="utf-8") != js_catalogue(
                name[:-3], folder):
            found.append(f"static/js/i18n/{name} is out of date: run `make compile-translations`")
    return found


def main():
    parser = argparse.ArgumentParser(description="Extract, compile or check the block's catalogues.")
    parser.add_argument("command", choices=("extract", "dummy", "compile", "check"))
    command = parser.parse_args().command
    if command == "extract":
        write_all(extract())
    elif command == "dummy":
        write_dummies()
    elif command == "compile":
        compile_all()
    else:
        found = problems(extract())
        print("\n".join(found) or "The catalogues are up to date.")
        sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
