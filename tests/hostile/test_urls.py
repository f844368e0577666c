"""URLs from the corpus are data until proven safe: only http, https and relative URLs reach an href or src.

Checked in the view layer (macros/text/safeurl.py) and again by the templates' link macro; a rejected URL is
shown as text. The round-3 corpus plants javascript:, data: and vbscript: URLs (also with a leading space,
a tab inside the scheme, mixed case) in every place a corpus URL can land.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest

from hostile.corpus import BAD_URLS, UNSAFE_SCHEME, hrefs_and_srcs
from macros.text.safeurl import http_url, safe_url

ROOT = Path(__file__).resolve().parents[2]


def _browser_view(value: str) -> str:
    """What a browser makes of an attribute value: tabs and newlines dropped, spaces around trimmed."""
    return re.sub(r"[\t\n\r]", "", value).strip()


def test_no_page_has_an_unsafe_href_or_src(round3):
    built, _ = round3
    bad = [(page, attr, value) for page, attr, value in hrefs_and_srcs(built.site)
           if UNSAFE_SCHEME.match(_browser_view(value))]
    assert bad == []


@pytest.mark.parametrize("url", ["tooling/gemma-family/goodgemma/", "tooling/gemma-family/catalog/"])
def test_brief_sources_and_card_links_are_shown_as_text(round3, url):
    built, _ = round3
    soup = built.html(url)
    shown = [c.get_text() for c in soup.select("code.corpus-unsafe-url")]
    assert "javascript:alert('JSURL')" in shown and "vbscript:msgbox('VB')" in shown, shown
    assert any(a.get("href") == "https://example.org/goodgemma" for a in soup.find_all("a"))


def test_lane_tables_notes_and_later_lines_keep_their_text_but_not_the_link(round3):
    built, _ = round3
    lane = built.html("tooling/lane-a/")
    assert "a table link" in lane.get_text()
    second = built.html("findings/second-finding/")
    assert "the note link" in second.get_text() and "NOTELINK" not in str(second.find_all("a"))
    later = built.html("findings/many-later-facts/")
    assert "the later link" in later.get_text()
    for soup in (lane, second, later):
        assert not [a for a in soup.find_all("a") if UNSAFE_SCHEME.match(_browser_view(a.get("href", "")))]


def test_artifact_source_and_verification_result_are_text(round3):
    built, _ = round3
    assert re.search(r"ERROR .*tooling/sources\.yaml.*'url' must be an http\(s\) URL", built.log), built.log[-3000:]
    brief = built.html("tooling/gemma-family/goodgemma/")
    moved = brief.select("[data-source-state=moved]")
    assert moved and "javascript:alert('MOVED')" in moved[0].get_text()
    assert not moved[0].find("a")
    health = built.html("health/")
    assert not [a for a in health.find_all("a") if "MOVED" in a.get("href", "")]


def test_findings_json_keeps_the_text_of_rejected_urls(round3):
    built, _ = round3
    data = json.loads(built.text("findings.json"))
    assert data["findings"]  # the export is written; URLs in it are data, never markup


@pytest.mark.parametrize("url", [*BAD_URLS, "//evil.example/x", "file:///etc/passwd", "mailto:a@example.org",
                                 "https:///no-host", "http://a.example/\u2028", "java\nscript:x", "\x00https://a/"])
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None and http_url(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a?b#c", "http://127.0.0.1:8000/", "../x/", "#frag", "x.html"])
def test_http_and_relative_urls_pass(url):
    assert safe_url(url) == url
    assert (http_url(url) == url) == url.startswith("http")


def test_the_link_macro_checks_again_whatever_the_view_passes(tmp_path):
    """A view that forgot its check still renders no live link: the macro filters every URL itself."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides" / "corpus")), autoescape=True)
    env.filters.update(safe_url=safe_url, http_url=http_url)
    tpl = env.from_string('{% import "_macros.html" as m %}{{ m.link(u, "label", relative=rel) }}')
    for url in BAD_URLS:
        out = tpl.render(u=url, rel=True)
        assert "href" not in out and "corpus-unsafe-url" in out, out
    assert 'href="https://example.org/"' in tpl.render(u="https://example.org/", rel=False)
    assert "href" not in tpl.render(u="../relative/", rel=False)  # sources and model cards must be absolute
    assert 'href="../relative/"' in tpl.render(u="../relative/", rel=True)
