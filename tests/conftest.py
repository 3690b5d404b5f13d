"""Shared fixtures: the real workbench runtime, our block's scenario, and a client that calls it."""
import json

import pytest
from workbench.runtime_util import reset_global_state
from workbench.scenarios import SCENARIOS, add_xml_scenario

from reverse_mentoring_xblock import api, platform

SCENARIO = "reverse_mentoring.0"


@pytest.fixture(autouse=True)
def _db_everywhere(db):  # pylint: disable=unused-argument
    """Handlers and views touch the database everywhere; every test may too."""


@pytest.fixture
def usage_id():
    reset_global_state()
    return SCENARIOS[SCENARIO].usage_id


@pytest.fixture
def program(usage_id):
    return api.ProgramRef(*platform.program_keys(usage_id))


def add_program(name, **settings):
    """Another program (block usage) in the workbench, with these author settings; returns its usage id."""
    attributes = " ".join(f'{key}="{value}"' for key, value in settings.items())
    scenario = f"reverse_mentoring.{name}"
    add_xml_scenario(scenario, f"Reverse mentoring {name}", f'<reverse_mentoring url_name="{name}" {attributes}/>')
    return SCENARIOS[scenario].usage_id


@pytest.fixture
def other_usage_id(usage_id):
    """A second program next to the first one, with the same settings."""
    return add_program("other")


class BlockClient:
    """Calls our handlers and views through the workbench's URLs, as the browser does."""

    def __init__(self, client, usage_id):
        self.client = client
        self.usage_id = usage_id

    def __call__(self, usage_id):
        """The same client, calling another program."""
        return BlockClient(self.client, usage_id)

    def post(self, handler, data, student, raw=None):
        response = self.client.post(
            f"/handler/{self.usage_id}/{handler}/?student={student}",
            data=raw if raw is not None else json.dumps(data), content_type="application/json")
        return response.status_code, json.loads(response.content or b"null")

    def view(self, student):
        scenario = next(name for name, entry in SCENARIOS.items() if entry.usage_id == self.usage_id)
        response = self.client.get(f"/scenario/{scenario}/?student={student}")
        assert response.status_code == 200
        return response.content.decode()


@pytest.fixture
def block_client(client, usage_id):
    return BlockClient(client, usage_id)


def pytest_terminal_summary(terminalreporter):
    """Print the race and fuzz figures the run gathered (see ``figures.py``)."""
    from figures import summary_lines  # pylint: disable=import-outside-toplevel
    lines = summary_lines()
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
