"""The learner view in a phone's web view (320 x 640 CSS px), which ``multi_device`` promises the mobile apps.

In every state the demo seeds, and on the staff page, the page never scrolls sideways and no control
waits for a hover that a touch screen cannot give: no style sheet rule reveals, moves or enables
anything of the block on ``:hover``, and every control is on screen without one.
"""
import pytest

from .pages import open_block, unique_student

PHONE = {"width": 320, "height": 640}

# Every ``:hover`` rule that reaches the block and changes more than looks (colour, underline, cursor, shadow).
HOVER_ONLY = """block => {
  const looks = new Set(['color', 'background-color', 'background', 'text-decoration', 'text-decoration-line',
                         'cursor', 'box-shadow', 'border-color', 'outline', 'outline-color', 'filter']);
  const rules = [];
  const walk = list => { for (const rule of list) {
    if (rule.cssRules) { walk(rule.cssRules); }
    if (!rule.selectorText || !rule.selectorText.includes(':hover')) { continue; }
    const unhovered = rule.selectorText.replace(/:hover/g, '');
    let reaches = false;
    try { reaches = block.matches(unhovered) || !!block.querySelector(unhovered) || !!block.closest(unhovered); }
    catch (error) { reaches = true; }
    const changed = Array.from(rule.style).filter(name => !looks.has(name) && !name.startsWith('background-')
                                                 && !name.startsWith('text-decoration-'));
    if (reaches && changed.length) { rules.push(`${rule.selectorText} { ${changed.join(', ')} }`); }
  } };
  for (const sheet of document.styleSheets) {
    try { walk(sheet.cssRules); } catch (error) { /* another origin's sheet: not ours */ }
  }
  return rules;
}"""

# Controls found hidden, transparent, untouchable or outside the screen without a hover; a control in a wide table
# that scrolls inside its own box is reached by swiping that box.
UNREACHABLE = """block => {
  const controls = block.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary');
  const inScrollBox = el => {
    for (let node = el.parentElement; node && node !== block; node = node.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) { return true; }
    }
    return false;
  };
  return Array.from(controls).filter(el => {
    if (el.closest('[hidden]') || el.closest('details:not([open])') && el.tagName !== 'SUMMARY') {
      return false;
    }
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    const offScreen = box.left < 0 || box.right > window.innerWidth + 1;
    return style.visibility !== 'visible' || Number(style.opacity) === 0 || style.pointerEvents === 'none'
      || box.width < 1 || box.height < 1 || offScreen && !inScrollBox(el);
  }).slice(0, 10).map(el => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.name).trim()}"`);
}"""

# The apps show the LMS's page around the block, not the workbench's: its banner and debug panel are left out.
HIDE_WORKBENCH = """() => document.querySelectorAll('.workbench > *').forEach(el => {
  if (!el.querySelector('.rm-block')) { el.style.display = 'none'; }
})"""

STATES = [  # (test id, seeded student or None for a newcomer)
    ("intake-form", None),
    ("waiting", "mentee_yuki"),
    ("waiting-again", "mentee_robert"),
    ("paired-session-to-confirm", "mentee_paul"),
    ("paired-logger-of-sessions", "mentor_ana"),
    ("paired-disputed-session", "mentor_sam"),
    ("completed-feedback-form", "mentor_omar"),
    ("staff", "staff"),
]


@pytest.mark.parametrize("student", [pytest.param(s, id=i) for i, s in STATES])
def test_fits_a_phone_and_needs_no_hover(page, demo_server, student):
    page.set_viewport_size(PHONE)
    block = open_block(page, demo_server, student or unique_student("phone"))
    block.evaluate("b => b.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.evaluate(HIDE_WORKBENCH)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= PHONE["width"], f"the page scrolls sideways: {widths[0]} px wide at {PHONE['width']} px"
    assert block.evaluate("b => b.scrollWidth <= b.clientWidth"), "the block is wider than itself"
    assert not block.evaluate(HOVER_ONLY), "controls that only a hover shows or moves"
    unreachable = block.evaluate(UNREACHABLE)
    assert not unreachable, "controls off screen or hidden without a hover:\n" + "\n".join(unreachable)


def test_the_checks_see_a_control_that_only_a_hover_reveals(page, demo_server):
    """The two checks above, shown to fail: buttons that appear only under the pointer."""
    page.set_viewport_size(PHONE)
    block = open_block(page, demo_server, "mentee_yuki")
    block.evaluate("b => b.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_style_tag(content=".rm-block .rm-button { visibility: hidden; } "
                               ".rm-block .rm-button:hover { visibility: visible; }")
    assert block.evaluate(HOVER_ONLY) == [".rm-block .rm-button:hover { visibility }"]
    assert any(control.startswith("button.rm-button") for control in block.evaluate(UNREACHABLE))
