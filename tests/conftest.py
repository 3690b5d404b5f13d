"""Shared fixtures: the real workbench runtime, our block's scenario, and a client that calls it."""
import json

import pytest
from workbench.runtime_util import reset_global_state
from workbench.scenarios import SCENARIOS

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


class BlockClient:
    """Calls our handlers and views through the workbench's URLs, as the browser does."""

    def __init__(self, client, usage_id):
        self.client = client
        self.usage_id = usage_id

    def post(self, handler, data, student, raw=None):
        response = self.client.post(
            f"/handler/{self.usage_id}/{handler}/?student={student}",
            data=raw if raw is not None else json.dumps(data), content_type="application/json")
        return response.status_code, json.loads(response.content or b"null")

    def view(self, student):
        response = self.client.get(f"/scenario/{SCENARIO}/?student={student}")
        assert response.status_code == 200
        return response.content.decode()


@pytest.fixture
def block_client(client, usage_id):
    return BlockClient(client, usage_id)
