"""Long nav sections show a window around the page being rendered (macros/mkdocs/nav.py)."""
from __future__ import annotations

from types import SimpleNamespace as NS

from macros.mkdocs.nav import NAV_SECTION_MAX, NAV_WINDOW, window_long_sections


def _nav(n: int, active: int | None):
    index = NS(title="Tooling corpus", url="tooling/", is_index=True, active=active is None, children=None)
    lanes = [NS(title=f"lane {i}", url=f"tooling/l{i}/", is_index=False, active=i == active, children=None)
             for i in range(n)]
    section = NS(title="Tooling corpus", active=True, children=[index, *lanes])
    return NS(items=[NS(title="Home", active=False, children=None), section]), section, index, lanes


def _titles(section):
    return [c.title for c in section.children]


def test_a_long_section_lists_the_pages_near_the_page_and_links_the_rest():
    nav, section, index, lanes = _nav(250, active=120)
    undo = window_long_sections(nav, lambda s: "tooling/")
    shown = section.children
    assert shown[0] is index
    assert shown[1].title == f"… {120 - NAV_WINDOW} more" and shown[1].url == "tooling/"
    assert shown[2:-1] == lanes[120 - NAV_WINDOW:120 + NAV_WINDOW + 1]
    assert shown[-1].title == f"… {250 - 121 - NAV_WINDOW} more"
    undo()
    assert section.children == [index, *lanes]


def test_the_section_index_page_keeps_the_window_at_the_start():
    nav, section, index, lanes = _nav(250, active=None)
    window_long_sections(nav, lambda s: "tooling/")
    assert section.children[1:-1] == lanes[:NAV_WINDOW + 1]
    assert section.children[-1].title == f"… {250 - NAV_WINDOW - 1} more"


def test_short_and_inactive_sections_are_left_alone():
    nav, section, _, _ = _nav(NAV_SECTION_MAX - 1, active=3)
    assert window_long_sections(nav, lambda s: "") is None
    nav, section, _, _ = _nav(250, active=3)
    section.active = False
    assert window_long_sections(nav, lambda s: "") is None and len(section.children) == 251
