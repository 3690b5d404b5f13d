"""The wheel, built from the checkout and installed into a fresh virtualenv, renders the learner view and loads
as an Open edX plugin.

This is the packaging test: ``static/`` and ``templates/`` live at the top of the repository and are only
mapped into ``reverse_mentoring_xblock`` by ``setup.py``, so an editable install can hide a wheel that ships
without them. One wheel and one virtualenv serve every test here (module-scoped fixtures):

1. the working tree (without ``.git``, virtualenvs, ``build/``, ``*.egg-info`` ...) is copied to a temporary
   directory and the wheel built there with ``python -m build`` (so nothing is written into the shared
   checkout and no stale ``build/lib`` can leak into the wheel); a test checks the wheel's contents;
2. a fresh virtualenv with the running Python gets the wheel, the matching ``requirements/py3XY.txt``
   (XBlock, Django, xblock-sdk, edx-submissions) and, at the versions ``requirements/test.txt`` pins, the
   platform's plugin loader (edx-django-utils) and Celery;
3. in that virtualenv, from a temporary directory (never the checkout), with ``python -I`` (no
   ``PYTHONPATH``, no user site): one test migrates a fresh SQLite database and GETs the workbench scenario
   page as a learner, checking the intake form, our CSS and our JS are in the page; another runs
   ``tests/plugin_settings_check.py`` once as the LMS and once as Studio, which build their settings from
   the plugin entry points as the platform does, then check, migrate, load the block and find our Celery task.

It needs network access to PyPI (for the isolated build backend and the requirements) and takes about 40 s
with a warm pip cache.
"""
import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "reverse_mentoring_xblock"
SCENARIO = "reverse_mentoring.0"
MARKER = "WHEEL-RENDER-OK"
PLUGIN_CHECK = REPO / "tests" / "plugin_settings_check.py"
PLUGIN_MARKER = "PLUGIN-SETTINGS-OK"
# What the platform brings that the plugin check needs, at the versions requirements/test.txt pins.
PLATFORM_TOOLS = ("edx-django-utils", "celery")

# What must never be copied into the build tree: VCS data, virtualenvs, earlier build output, local state.
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", ".tox", "build", "dist", "*.egg-info", "var", "__pycache__", "*.py[cod]",
    ".pytest_cache", ".hypothesis", "test-results", "node_modules",
)

# Variables of the outer test run that must not reach the fresh virtualenv's processes.
LEAKY_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV",
             "DJANGO_SETTINGS_MODULE", "PIP_REQUIRE_VIRTUALENV", "PIP_USER", "PIP_TARGET", "PIP_PREFIX")


def run(args, *, timeout, cwd, env=None, step):
    """Run ``args``; on failure or timeout, fail the test with everything the command printed."""
    try:
        result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{step}: timed out after {timeout}s: {args}\n"
                    f"--- stdout ---\n{_text(error.stdout)}\n--- stderr ---\n{_text(error.stderr)}")
    if result.returncode != 0:
        pytest.fail(f"{step}: exit code {result.returncode}: {args}\n"
                    f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}")
    return result


def _text(output):
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def clean_env(**extra):
    env = {key: value for key, value in os.environ.items() if key not in LEAKY_ENV and not key.startswith("RM_")}
    env.update(extra)
    return env


def requirements_file():
    version = f"py{sys.version_info.major}{sys.version_info.minor}"
    path = REPO / "requirements" / f"{version}.txt"
    if not path.exists():
        pytest.skip(f"no requirements/{version}.txt: the package supports Python 3.11 and 3.12 only")
    return path


def build_wheel(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=COPY_IGNORE)
    outdir = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), str(source)],
        timeout=600, cwd=tmp_path, env=clean_env(), step="build the wheel")
    wheels = sorted(outdir.glob("*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {outdir}, found {wheels}"
    return wheels[0]


def check_wheel_contents(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points_files = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        assert len(entry_points_files) == 1, f"entry_points.txt missing from {wheel.name}: {sorted(names)}"
        entry_points = configparser.ConfigParser(delimiters=("=",))
        entry_points.optionxform = str  # keep names as written
        entry_points.read_string(archive.read(entry_points_files[0]).decode())

    required = {
        f"{PACKAGE}/__init__.py",
        f"{PACKAGE}/block.py",
        f"{PACKAGE}/templates/learner.html",
        f"{PACKAGE}/templates/student_view.html",
        f"{PACKAGE}/static/js/reverse_mentoring.js",
        f"{PACKAGE}/static/css/reverse_mentoring.css",
        f"{PACKAGE}/migrations/__init__.py",
        f"{PACKAGE}/migrations/0001_initial.py",
    }
    # Every asset and migration in the checkout must be shipped (a new file type would need package_data).
    for folder, prefix in (("static", f"{PACKAGE}/static"), ("templates", f"{PACKAGE}/templates"),
                           (f"{PACKAGE}/migrations", f"{PACKAGE}/migrations")):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
                required.add(f"{prefix}/{path.relative_to(REPO / folder).as_posix()}")
    missing = sorted(required - names)
    assert not missing, f"{wheel.name} lacks {missing}; it holds {sorted(names)}"

    stray = sorted(name for name in names if name.split("/")[0] in ("static", "templates", "demo", "devsite", "tests"))
    assert not stray, f"{wheel.name} ships files outside the package: {stray}"

    expected = {
        "xblock.v1": ("reverse_mentoring", f"{PACKAGE}.block:ReverseMentoringXBlock"),
        "lms.djangoapp": (PACKAGE, f"{PACKAGE}.apps:ReverseMentoringConfig"),
        "cms.djangoapp": (PACKAGE, f"{PACKAGE}.apps:ReverseMentoringConfig"),
    }
    for group, (name, target) in expected.items():
        assert entry_points.has_section(group), f"entry_points.txt has no [{group}]: {entry_points.sections()}"
        actual = entry_points[group].get(name, "").strip()
        assert actual == target, f"[{group}] {name} = {actual!r}, expected {target!r}"


def make_venv(tmp_path, wheel):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], timeout=180, cwd=tmp_path, env=clean_env(), step="create the venv")
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    version = run([str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                  timeout=60, cwd=tmp_path, env=clean_env(), step="ask the venv's Python its version")
    assert version.stdout.strip() == "{}.{}".format(*sys.version_info[:2])
    run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
         str(wheel), "-r", str(requirements_file()), *PLATFORM_TOOLS, "-c", str(REPO / "requirements" / "test.txt")],
        timeout=1500, cwd=tmp_path, env=clean_env(), step="install the wheel and requirements into the venv")
    return python


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """One build for the module's tests."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def venv_python(wheel, tmp_path_factory):
    """One virtualenv with the wheel installed, shared by the module's tests; its Python."""
    return make_venv(tmp_path_factory.mktemp("wheel_venv"), wheel)


SETTINGS = '''\
"""Workbench settings for the wheel test: our app, edx-submissions, SQLite and the log in a temporary dir."""
import os

from workbench.settings import *  # noqa: F401,F403

VAR_DIR = os.environ["RM_WHEEL_VAR_DIR"]
os.makedirs(VAR_DIR, exist_ok=True)

INSTALLED_APPS = [*INSTALLED_APPS, "submissions", "reverse_mentoring_xblock"]
TIME_ZONE = "UTC"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(VAR_DIR, "workbench.db")}}
LOGGING["handlers"]["logfile"]["filename"] = os.path.join(VAR_DIR, "workbench.log")
WORKBENCH["services"]["user"] = "wheel_users.LearnerUserService"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
'''

USERS = '''\
"""A user service giving the block what the LMS gives it: a signed-in learner with ids (never staff)."""
from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser


class LearnerUserService(UserService):
    """Built by the workbench with no arguments; it then sets ``self.runtime``."""

    runtime = None

    def get_current_user(self):
        student_id = str(getattr(self.runtime, "user_id", None) or "learner")
        user, _created = get_user_model().objects.get_or_create(username=student_id[:150])
        xblock_user = XBlockUser(is_current_user=True, emails=[], full_name=user.username)
        xblock_user.opt_attrs.update({
            "edx-platform.is_authenticated": True,
            "edx-platform.user_id": user.pk,
            "edx-platform.username": user.username,
            "edx-platform.anonymous_user_id": "anon-" + student_id,
            "edx-platform.user_is_staff": False,
        })
        return xblock_user
'''

RENDER = '''\
"""Runs in the fresh venv: migrate, GET the scenario as a learner, check the page; print the marker."""
import os
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, os.environ["RM_WHEEL_SETTINGS_DIR"])  # -I leaves it off sys.path otherwise
os.environ["DJANGO_SETTINGS_MODULE"] = "wheel_settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

import reverse_mentoring_xblock  # noqa: E402

package_file = Path(reverse_mentoring_xblock.__file__).resolve()
site_packages = Path(sys.prefix).resolve()
repo = Path(os.environ["RM_WHEEL_REPO"]).resolve()
assert site_packages in package_file.parents, f"imported from {package_file}, not from the venv {site_packages}"
assert repo not in package_file.parents, f"imported from the checkout: {package_file}"

entry_points = {ep.name: ep.value for ep in metadata.entry_points(group="xblock.v1")}
assert entry_points.get("reverse_mentoring") == "reverse_mentoring_xblock.block:ReverseMentoringXBlock", entry_points
print("xblock.v1 entry points:", sorted(entry_points))
print("package:", package_file)

call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)

setup_test_environment()
response = Client().get("/scenario/__SCENARIO__/?student=learner1")
html = response.content.decode()
Path(os.environ["RM_WHEEL_HTML"]).write_text(html, encoding="utf-8")
assert response.status_code == 200, (response.status_code, html[:3000])
assert 'data-action="submit_intake"' in html, "no intake form in the page:\\n" + html[:5000]
assert ".rm-block" in html, "our CSS is not in the page"
assert "ReverseMentoringView" in html, "our JS init function is not in the page"
print("__MARKER__")
'''


def test_wheel_ships_package_files_and_entry_points(wheel):
    check_wheel_contents(wheel)


def test_wheel_installs_into_fresh_venv_and_renders_learner_view(venv_python, tmp_path):
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    (settings_dir / "wheel_settings.py").write_text(SETTINGS, encoding="utf-8")
    (settings_dir / "wheel_users.py").write_text(USERS, encoding="utf-8")
    script = tmp_path / "render_learner_view.py"
    script.write_text(RENDER.replace("__SCENARIO__", SCENARIO).replace("__MARKER__", MARKER), encoding="utf-8")
    workdir = tmp_path / "run"  # not the checkout: nothing there can be imported
    workdir.mkdir()
    html_file = tmp_path / "learner_view.html"

    env = clean_env(RM_WHEEL_SETTINGS_DIR=str(settings_dir), RM_WHEEL_VAR_DIR=str(tmp_path / "var"),
                    RM_WHEEL_REPO=str(REPO), RM_WHEEL_HTML=str(html_file))
    result = run([str(venv_python), "-I", str(script)], timeout=300, cwd=workdir, env=env,
                 step="render the learner view in the fresh venv")
    output = f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    assert MARKER in result.stdout.splitlines(), output

    # The page carries the shipped files themselves, not just something with the same names.
    html = html_file.read_text(encoding="utf-8")
    css = (REPO / "static/css/reverse_mentoring.css").read_text(encoding="utf-8").strip()
    js = (REPO / "static/js/reverse_mentoring.js").read_text(encoding="utf-8").strip()
    assert css in html, "the page's CSS differs from static/css/reverse_mentoring.css"
    assert js in html, "the page's JS differs from static/js/reverse_mentoring.js"


@pytest.mark.parametrize("project", ["lms", "cms"])
def test_wheel_loads_as_platform_plugin(venv_python, tmp_path, project):
    """The LMS and Studio install our app from its entry points alone, start, check and migrate with it."""
    workdir = tmp_path / "run"  # not the checkout: nothing there can be imported
    workdir.mkdir()
    result = run([str(venv_python), "-I", str(PLUGIN_CHECK), project, str(tmp_path / "plugin.db")],
                 timeout=300, cwd=workdir, env=clean_env(), step=f"load the wheel as a {project} plugin")
    output = f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    assert f"{PLUGIN_MARKER} {project}" in result.stdout.splitlines(), output
