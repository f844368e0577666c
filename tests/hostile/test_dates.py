"""Every date from the corpus or git is range-checked: out of range is a diagnostic, never ValueError.

Payloads: a re-check "December 9999" (the next month is in year 10000) or "early 0000", a note dated
0000-01-01, YAML dates no calendar has, and a git commit dated in the year 11476 (git accepts it) whose
subject holds a U+2028 line separator.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from note_markdown import parse_note_markdown

from hostile.corpus import FUTURE_TS, git, write
from macros.fs import gitdates
from macros.load.history import build_history
from macros.model.diagnostics import Report
from macros.read.frontmatter import load_yaml
from macros.read.markers import recheck_date, recheck_problem


@pytest.mark.parametrize("reason", ["check back December 9999", "check back early 0000", "check back 0000-01-01",
                                    "check back mid-0000", "check back 2026-02-30", "check back Dec 9999"])
def test_recheck_times_out_of_the_calendar_give_no_date_and_no_exception(reason):
    assert recheck_date(reason) is None
    assert recheck_problem(reason) is not None or reason.endswith("2026-02-30")


def test_recheck_at_the_edge_of_the_calendar():
    assert recheck_date("check back November 9999") == date(9999, 12, 1)
    assert recheck_date("check back late 9999") == date(9999, 10, 1)
    assert recheck_problem("check back mid-2027") is None


def test_out_of_range_dates_in_the_index_are_diagnostics_at_their_line(round3):
    built, _ = round3
    log = built.log
    assert re.search(r"WARNING .*tooling/README\.md:\d+: finding 3 \"Far future\": the re-check time "
                     r"'December 9999' is not a date the calendar can show", log), log[-3000:]
    assert re.search(r"WARNING .*tooling/README\.md:\d+: finding 4 \"Year zero\": the re-check time 'early 0000'",
                     log)
    assert re.search(r"ERROR .*tooling/README\.md:\d+: malformed note: the note date '0000-01-01' is not a "
                     r"calendar date", log)
    assert "Far future" in built.html("findings/far-future/").get_text()


def test_a_commit_dated_in_the_year_11476_is_a_warning_not_a_crash(round3):
    built, _ = round3
    assert re.search(r"WARNING .*tooling: 1 commit\(s\) carry a date out of range", built.log), built.log[-3000:]
    assert "11476" not in built.text("findings.json")


@pytest.mark.parametrize("text", ["retrieved: 0000-01-01\n", "when: 10000-01-01\n", "x: [2026-02-30]\n"])
def test_yaml_dates_no_calendar_has_are_errors(text):
    report = Report()
    data = load_yaml(text, "tooling/sources.yaml", report)
    assert data is None or isinstance(data, dict)
    if data is None:
        assert report.items and report.items[0].severity == "error"


@pytest.mark.parametrize("lead", ["**Update 0000-01-01:** x", "**Update 9999-12-31:** x", "**Update 2026-02-30:** x"])
def test_note_dates_out_of_range_are_diagnostics(lead):
    got = parse_note_markdown(lead, path="tooling/README.md", line=3, build_date=date(2026, 11, 28))
    assert getattr(got, "severity", None) == "error", got


def test_git_times_are_range_checked():
    assert gitdates.valid_ts(FUTURE_TS) is None
    assert gitdates.valid_ts("-99999999999999") is None and gitdates.valid_ts("nan") is None
    assert gitdates.valid_ts("1795824000") == 1795824000
    assert gitdates.iso(10 ** 15) == "9999-12-31" and gitdates.iso(-(10 ** 15)) == "0001-01-01"


def test_git_porcelain_is_split_on_its_own_separators_only(tmp_path):
    """A U+2028 in a file name or commit subject is not a line break for git; the readers keep it whole."""
    repo = tmp_path / "r"
    write(repo / "tooling" / "README.md", "# Index\n\n## Findings\n\n1. **One.** Body. **[flagged — later]**\n")
    write(repo / "tooling" / "lane" / "odd\u2028name.txt", "x\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first\u2028subject", env={"GIT_COMMITTER_DATE": "@1790000000 +0000",
                                                         "GIT_AUTHOR_DATE": "@1790000000 +0000"})
    dates = gitdates.collect(repo, blame=["tooling/README.md"], tree="tooling")
    assert dates.available and "tooling/lane/odd\u2028name.txt" in dates.files, dates.files
    assert dates.lines["tooling/README.md"] and not dates.problems
    hist = build_history(repo, "tooling/README.md")
    assert [e.subject for e in hist.entries] == ["first\u2028subject"]


def test_history_shows_a_commit_out_of_range_undated(tmp_path):
    repo = tmp_path / "r"
    write(repo / "tooling" / "README.md", "# Index\n\n## Findings\n\n1. **One.** Body. **[flagged — later]**\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "future", env={"GIT_COMMITTER_DATE": f"@{FUTURE_TS} +0000",
                                              "GIT_AUTHOR_DATE": f"@{FUTURE_TS} +0000"})
    hist = build_history(repo, "tooling/README.md")
    assert [e.date for e in hist.entries] == [""]
    assert hist.note and "out of range" in hist.note
    dates = gitdates.collect(repo, blame=["tooling/README.md"], tree="tooling")
    assert dates.problems and not dates.lines["tooling/README.md"] and not dates.files
