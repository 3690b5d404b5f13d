"""Hypothesis strategies for what a browser, a script or an attacker may send to the handlers.

Three kinds of payload, so that both the outer checks and the deep branches are reached: any JSON at
all; the handler's own field names with wild values; and a valid payload with fields dropped, added or
replaced. Ids come from a pool that mixes this program's rows, another program's rows and numbers no
row has.
"""
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROFILES = {  # examples per parser, per handler end to end
    "fast": (300, 40),
    "ci": (1_000, 100),
}
PARSER_EXAMPLES, HANDLER_EXAMPLES = PROFILES[os.environ.get("RM_FUZZ_PROFILE", "fast")]
FUZZ_SETTINGS = {"deadline": None, "suppress_health_check": list(HealthCheck), "database": None}

TRICKY_TEXT = st.sampled_from([
    "", " ", "\u202egnp.exe", "\x00", "\ud800", "\U0001f468\u200d\U0001f469", "<script>alert(1)</script>",
    "{{ 7*7 }}", "{% debug %}", "javascript:alert(1)", "https://meet.example.org/x", "1", "-1", "0", "1e309",
    "NaN", "mentor", "mentee", "linkedin", "linkedin/profile", "tue-morning", "Europe/Paris", "remote", "swap",
    "1:2", "１:２", "٣:٤", "²:³", "9" * 30 + ":1",
])
TEXT = st.one_of(
    st.text(alphabet=st.characters(codec=None), max_size=24),
    TRICKY_TEXT,
    st.builds(lambda character, count: character * count, st.characters(codec=None),
              st.integers(min_value=0, max_value=50_000)),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 2 ** 31, 2 ** 63 - 1, 2 ** 63, 2 ** 64, 10 ** 30]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(TEXT, children, max_size=4)), max_leaves=8)


def ids(pool):
    """Real ids of this program and of another one, and numbers no row has."""
    return st.one_of(st.sampled_from(sorted(pool)), st.integers(min_value=-5, max_value=10 ** 6), NUMBERS, SCALARS)


def field_values(name, pool):
    if name.endswith("_id"):
        return ids(pool)
    if name == "pairs":
        pair = st.builds(lambda a, b: f"{a}:{b}", ids(pool), ids(pool))
        return st.one_of(st.lists(st.one_of(pair, TEXT), max_size=8), JSON)
    return st.one_of(JSON, TEXT)


def payloads(valid, pool):
    """Payloads for a handler whose valid payload is ``valid`` (a dict)."""
    names = sorted(valid)
    own_fields = st.fixed_dictionaries({}, optional={name: field_values(name, pool) for name in names})

    @st.composite
    def mutated(draw):
        data = dict(valid)
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            action = draw(st.sampled_from(["drop", "replace", "replace", "add"]))
            if action == "add":
                data[draw(st.one_of(TEXT, st.sampled_from(["request_id", "session_id", "extra"])))] = draw(JSON)
            elif names:
                name = draw(st.sampled_from(names))
                if action == "drop":
                    data.pop(name, None)
                else:
                    data[name] = draw(field_values(name, pool))
        return data

    return st.one_of(st.just(valid), JSON, own_fields, mutated())


def fuzz_settings(examples):
    return settings(max_examples=examples, **FUZZ_SETTINGS)
