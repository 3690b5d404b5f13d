"""Operate the page with the keyboard only: Tab / Shift+Tab to move, Space, Enter and arrows to act, typing.

Nothing here clicks, fills, checks or focuses through Playwright: focus only ever moves because a key
was pressed, so a control these helpers can reach and operate is reachable and operable by keyboard.
Reading the DOM (which element is focused, its value) is allowed, to know when to stop pressing.
"""
from playwright.sync_api import expect

MAX_TABS = 250  # the longest tab path on our pages (intake + staff panel) is well below this

_ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', value: el.value ?? '',
          checked: !!el.checked, text: (el.innerText || '').trim().slice(0, 80)};
}"""


# Focus reached by keyboard must be visible (WCAG 2.4.7): our CSS draws an outline on :focus-visible.
_FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
}"""


class Keyboard:
    """Keyboard-only driver for one page; selectors are CSS, matched against ``document.activeElement``."""

    def __init__(self, page):
        self.page = page
        self.keys = page.keyboard

    def active(self):
        return self.page.evaluate(_ACTIVE)

    def is_active(self, selector):
        return self.page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)

    def tab_to(self, selector, *, backwards=False, limit=MAX_TABS):
        """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            if self.is_active(selector):
                assert self.page.evaluate(_FOCUS_SHOWN), f"no visible focus indicator on {self.active()}"
                return
            self.keys.press(key)
        raise AssertionError(f"{selector!r} not reached with {limit} x {key}; focus is on {self.active()}")

    def type_text(self, selector, text, *, replace=True):
        """Tab to a text field and type; ``replace`` first selects what it holds (Ctrl+A)."""
        self.tab_to(selector)
        if replace:
            self.keys.press("Control+A")
            self.keys.press("Delete")
        if text:
            self.keys.type(text)
        expect(self.page.locator(selector)).to_have_value(text)

    def tick(self, selector, checked=True):
        """Tab to a checkbox and press Space if it is not in the wanted state."""
        self.tab_to(selector)
        if self.active()["checked"] != checked:
            self.keys.press("Space")
        box = self.page.locator(selector)
        expect(box).to_be_checked() if checked else expect(box).not_to_be_checked()

    def choose_radio(self, group_selector, value, *, limit=10):
        """Tab into a radio group, then move with the arrow keys to ``value`` (Space selects the first one).

        Tab enters a group on its checked radio, or on the first one when none is checked yet.
        """
        self.tab_to(f"{group_selector} input[type=radio]")
        for _ in range(limit):
            if self.active()["value"] == value:
                if not self.active()["checked"]:
                    self.keys.press("Space")
                expect(self.page.locator(f"{group_selector} input[type=radio][value='{value}']")).to_be_checked()
                return
            self.keys.press("ArrowDown")
        raise AssertionError(f"radio {value!r} not reached with the arrow keys in {group_selector!r}")

    def choose_option(self, selector, typed, *, value=None, label=None):
        """Tab to a closed ``<select>`` and pick an option by typing the start of its label (type-ahead)."""
        self.tab_to(selector)
        self.keys.type(typed)
        if value is not None:
            expect(self.page.locator(selector)).to_have_value(str(value))
        if label is not None:
            expect(self.page.locator(selector).locator("option:checked")).to_have_text(label)

    def press(self, selector, key="Enter"):
        """Tab to a button or summary and activate it."""
        self.tab_to(selector)
        self.keys.press(key)
