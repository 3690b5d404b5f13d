"""Fixtures for the browser tests: a real demo server in a temporary folder, and headless Chromium.

The server is the same one ``make demo`` runs (workbench + ``devsite.settings``), started as a
subprocess with its own SQLite file (``RM_VAR_DIR``), migrated and seeded by ``devsite.seed``. The
browser tests never touch the Django test database: everything goes through HTTP, as a learner's
browser does. When a test fails, the tail of the server's output and log is added to the report,
with a screenshot of each open page.
"""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
CHROMIUM = os.environ.get("RM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_TIMEOUT = 60  # seconds
STEP_TIMEOUT_MS = 10_000  # every Playwright wait and assertion
LOG_TAIL_CHARS = 6_000

SERVER_KEY = pytest.StashKey[dict]()  # where the server's output and log are (config stash)


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(var_dir):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update({"PYTHONPATH": str(DEMO_DIR), "RM_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"})
    env.pop("RM_DATABASE", None)  # always the throw-away SQLite file
    return env


def _run_step(args, var_dir, env, log_path):
    """Run one management step (migrate, seed); fail with its output if it does not succeed."""
    result = subprocess.run([sys.executable, "-P", *args], cwd=var_dir, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"$ {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode:
        pytest.fail(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _wait_until_answering(url, process, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    return False


def tail(path, limit=LOG_TAIL_CHARS):
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return text[-limit:]


@contextlib.contextmanager
def fresh_demo_server(tmp_path_factory, name):
    """A freshly migrated and seeded demo server in its own folder, stopped on exit.

    Yields what the report hook reads (base URL, output and log files); see ``reporting``.
    """
    var_dir = tmp_path_factory.mktemp(name)
    env = _server_env(var_dir)
    output_path = var_dir / "server-output.txt"
    _run_step(["-m", "django", "migrate", "--run-syncdb", "--settings=devsite.settings", "-v", "0"],
              var_dir, env, output_path)
    _run_step(["-m", "devsite.seed"], var_dir, env, output_path)
    info = {"output": output_path, "log": var_dir / "workbench.log", "dir": var_dir}
    process = None
    try:
        for _attempt in range(3):  # the free port may be taken between probing and binding it
            port = _free_port()
            with open(output_path, "a", encoding="utf-8") as output:
                process = subprocess.Popen(
                    [sys.executable, "-P", "-m", "django", "runserver", "--settings=devsite.settings",
                     "--noreload", f"127.0.0.1:{port}"],
                    cwd=var_dir, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
            base_url = f"http://127.0.0.1:{port}"
            # The workbench loads its scenarios on the first request that needs them, and two requests at
            # once can find the list half filled (a 404): the block's own page answering means it is full.
            if _wait_until_answering(base_url + "/scenario/reverse_mentoring.0/?student=readiness_probe", process,
                                     time.monotonic() + SERVER_START_TIMEOUT):
                break
            _stop(process)
        else:
            pytest.fail(f"The demo server did not start:\n{tail(output_path)}")
        info["base_url"] = base_url
        yield info
    finally:
        if process is not None:
            _stop(process)


def run_in_demo(info, args, extra_path=()):
    """Run ``python -P *args`` in a demo server's folder, against its database (a script or ``-c code``)."""
    env = _server_env(info["dir"])
    env["PYTHONPATH"] = os.pathsep.join([str(DEMO_DIR), *map(str, extra_path)])
    result = subprocess.run([sys.executable, "-P", *args], cwd=info["dir"], env=env, capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextlib.contextmanager
def reporting(config, info):
    """While one test runs, a failure report shows this server's output and log (conftest's hook)."""
    previous = config.stash.get(SERVER_KEY, None)
    config.stash[SERVER_KEY] = info
    try:
        yield info["base_url"]
    finally:
        if previous is None:
            del config.stash[SERVER_KEY]
        else:
            config.stash[SERVER_KEY] = previous


@pytest.fixture(scope="module")
def own_demo(tmp_path_factory):
    """A demo server for one test module, for tests that pair the waiting learners (matching)."""
    with fresh_demo_server(tmp_path_factory, "own-demo-var") as info:
        yield info


@pytest.fixture
def matching_server(own_demo, pytestconfig):
    """Base URL of the module's own demo server; its output and log go into failure reports."""
    with reporting(pytestconfig, own_demo) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory, pytestconfig):
    """Base URL of the session's demo server; its output and log go into failure reports."""
    with fresh_demo_server(tmp_path_factory, "demo-var") as info:
        pytestconfig.stash[SERVER_KEY] = info
        yield info["base_url"]


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser context (cookies, storage) per test; any JavaScript error on its pages fails the test."""
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", timezone_id="UTC")
    ctx.set_default_timeout(STEP_TIMEOUT_MS)
    ctx.set_default_navigation_timeout(STEP_TIMEOUT_MS * 2)
    errors = []
    ctx.on("page", lambda page: page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}")))
    yield ctx
    ctx.close()
    assert not errors, "JavaScript errors on the page:\n" + "\n".join(errors)


@pytest.fixture
def page(context):
    return context.new_page()


def _screenshots(item, folder):
    """Save every open page of the failed test; return one line per page."""
    ctx = item.funcargs.get("context")
    if ctx is None:
        return []
    folder.mkdir(exist_ok=True)
    lines = []
    for number, open_page in enumerate(ctx.pages):
        target = folder / f"{item.name}-{number}.png"
        try:
            open_page.screenshot(path=str(target), full_page=True)
            lines.append(f"{open_page.url}: {target}")
        except Exception as error:
            lines.append(f"{open_page.url}: no screenshot ({error})")
    return lines


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, add screenshots and the demo server's recent output and log to the report."""
    outcome = yield
    report = outcome.get_result()
    info = item.config.stash.get(SERVER_KEY, None)
    if not report.failed or not info:
        return
    if report.when == "call":
        report.sections.append(("screenshots", "\n".join(_screenshots(item, Path(info["dir"]).parent / "screenshots"))))
    report.sections.append(("demo server output (tail)", tail(info["output"])))
    report.sections.append(("demo server workbench.log (tail)", tail(info["log"])))
