"""Shared fixtures: the real workbench runtime, our block's scenario, and a client that calls it.

Tests of the pure core need none of them and no database; ``domain/`` and ``handlers/`` turn the
database on for every test of theirs (their own ``conftest.py``).
"""
import pytest
from workbench.runtime_util import reset_global_state
from workbench.scenarios import SCENARIOS

from reverse_mentoring_xblock import domain, platform
from tests.workbench import BlockClient, add_program

SCENARIO = "reverse_mentoring.0"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without figures shared by an earlier one (the workbench's programs keep their keys)."""
    from django.core.cache import cache
    cache.clear()


@pytest.fixture
def usage_id():
    reset_global_state()
    return SCENARIOS[SCENARIO].usage_id


@pytest.fixture
def program(usage_id):
    return domain.ProgramRef(*platform.program_keys(usage_id))


@pytest.fixture
def other_usage_id(usage_id):
    """A second program next to the first one, with the same settings."""
    return add_program("other")


@pytest.fixture
def block_client(client, usage_id):
    return BlockClient(client, usage_id)


def pytest_terminal_summary(terminalreporter):
    """Print the race and fuzz figures the run gathered (see ``figures.py``)."""
    from tests.figures import summary_lines
    lines = summary_lines()
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
