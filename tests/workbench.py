"""The block in the real workbench: another program next to the demo one, and a client that calls it."""
import json

from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import SCENARIOS, add_xml_scenario


def add_program(name, **settings):
    """Another program (block usage) in the workbench, with these author settings; returns its usage id."""
    attributes = " ".join(f'{key}="{value}"' for key, value in settings.items())
    scenario = f"reverse_mentoring.{name}"
    add_xml_scenario(scenario, f"Reverse mentoring {name}", f"<reverse_mentoring {attributes}/>")
    return SCENARIOS[scenario].usage_id


def change_settings(usage_id, **settings):
    """Set these author settings of a program, as saving them in Studio does."""
    block = WorkbenchRuntime("staff").get_block(usage_id)
    for name, value in settings.items():
        setattr(block, name, value)
    block.save()


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
