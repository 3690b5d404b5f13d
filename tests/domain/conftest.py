"""Every test here reads or writes the database."""
import pytest


@pytest.fixture(autouse=True)
def _database(db):
    """Handlers, views and the domain layer touch the database everywhere."""
