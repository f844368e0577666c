"""`make verify` / `python -m macros.verify.command`: re-check every source URL of the corpus, record what changed.

collect (macros/verify_collect.py, pure) → check (macros/verify_http.py, httpx, bounded) → write the
results file (macros/verify_results.py, byte-stable YAML) → summary table; exit status 1 when any source
is gone or moved, so a scheduled job notices. The site build only ever reads the results file.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable, Iterable

from macros.verify.collect import Citation, collect, group
from macros.verify.http import Checker, Options, Resolver, host_of, system_resolver, today
from macros.verify.results import (FILE_NAME, STATES, Result, VerificationError, dump_verification, load_verification,
                             source_state)

FAILING = ("gone", "moved")  # states that make the exit status non-zero


def _round_robin(urls: Iterable[str]) -> list[str]:
    """URLs ordered so that consecutive ones are on different hosts: workers rarely wait on a host limit."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for u in urls:
        by_host[host_of(u)].append(u)
    queues = [by_host[h] for h in sorted(by_host)]
    out: list[str] = []
    for i in range(max((len(q) for q in queues), default=0)):
        out.extend(q[i] for q in queues if i < len(q))
    return out


def check_all(groups: dict[str, list[Citation]], mirrors: dict[str, list[Path]], *, checked: str,
              opts: Options | None = None, concurrency: int = 8, per_host: int = 2,
              resolver: Resolver = system_resolver, sleep: Callable[[float], None] | None = None,
              on_done: Callable[[Result], None] | None = None, checker: Checker | None = None) -> dict[str, Result]:
    """Check every URL of `groups` with at most `concurrency` requests in flight (`per_host` per host)."""
    kwargs = {"resolver": resolver, "per_host": per_host, "max_connections": max(concurrency, 1) * 2}
    if sleep is not None:
        kwargs["sleep"] = sleep
    own = checker is None
    checker = checker or Checker(opts or Options(), **kwargs)
    results: dict[str, Result] = {}

    def one(url: str) -> Result:
        try:
            return checker.check(url, [c.where for c in groups[url]], mirrors.get(url, ()), checked=checked)
        except Exception as e:  # one odd URL must not stop the run; it is reported instead
            return Result(url=url, state="error", checked=checked, detail=f"{type(e).__name__}: {e}"[:300],
                          cited=tuple(c.where for c in groups[url]))

    try:
        with ThreadPoolExecutor(max_workers=max(concurrency, 1), thread_name_prefix="verify") as pool:
            futures = [pool.submit(one, url) for url in _round_robin(groups)]
            for fut in as_completed(futures):
                r = fut.result()
                results[r.url] = r
                if on_done:
                    on_done(r)
    finally:
        if own:
            checker.close()
    return results


def merge(groups: dict[str, list[Citation]], fresh: dict[str, Result],
          previous: dict[str, Result]) -> dict[str, Result]:
    """One entry per URL the corpus cites now: this run's result, else the previous one, else not-checked.

    URLs no longer cited are dropped; citations always come from the corpus as it is now.
    """
    out = {}
    for url, cites in groups.items():
        where = tuple(c.where for c in cites)
        r = fresh.get(url) or previous.get(url)
        if r is None:
            r = Result(url=url, state="not-checked", cited=where)
        out[url] = Result(url=r.url, state=r.state, status=r.status, final_url=r.final_url,
                          sha256_match=r.sha256_match, checked=r.checked, detail=r.detail, cited=where)
    return out


def exit_status(results: dict[str, Result]) -> int:
    return 1 if any(r.state in FAILING for r in results.values()) else 0


def report_markdown(results: dict[str, Result]) -> str:
    """A short Markdown report: counts, then every source that is not ok, grouped by state."""
    counts = Counter(r.state for r in results.values())
    lines = ["# Source verification", "", "| state | sources |", "|---|---|"]
    lines += [f"| {s} | {counts.get(s, 0)} |" for s in STATES]
    for s in STATES:
        bad = [r for r in results.values() if r.state == s]
        if s == "ok" or not bad:
            continue
        lines += ["", f"## {s}", ""]
        for r in sorted(bad, key=lambda r: r.url):
            _, label, detail = source_state(r.url, results)
            lines.append(f"- <{r.url}> — {label}" + (f" ({detail})" if detail else "")
                         + f"; cited at {', '.join(r.cited)}")
    return "\n".join(lines) + "\n"


def _summary(results: dict[str, Result], console) -> None:
    # rich is imported when the command prints, not when macros.verify is imported (lazy, for speed)
    from rich.table import Table
    from rich.text import Text

    counts = Counter(r.state for r in results.values())
    t = Table(title="Source verification")
    t.add_column("state")
    t.add_column("sources", justify="right")
    for s in STATES:
        t.add_row(s, str(counts.get(s, 0)))
    console.print(t)
    bad = sorted((r for r in results.values() if r.state != "ok"), key=lambda r: (STATES.index(r.state), r.url))
    if bad:
        t = Table(title="Sources that need attention")
        for col in ("state", "url", "what", "cited at"):
            t.add_column(col, overflow="fold")
        for r in bad:
            _, label, detail = source_state(r.url, results)
            # Text(), not str: corpus URLs and server replies must not be read as rich markup.
            t.add_row(r.state, Text(r.url), Text(label + (f" ({detail})" if detail else "")),
                      Text(", ".join(r.cited[:3]) + (" …" if len(r.cited) > 3 else "")))
        console.print(t)


def _parser() -> argparse.ArgumentParser:
    d = Options()
    ap = argparse.ArgumentParser(prog="python -m macros.verify.command", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("CORPUS_DIR") or "tooling"),
                    help="the corpus folder (default: $CORPUS_DIR or tooling)")
    ap.add_argument("--out", type=Path, help=f"results file (default: <corpus>/{FILE_NAME})")
    ap.add_argument("--report", type=Path, help="also write a Markdown report here")
    ap.add_argument("--only", action="append", default=[], metavar="TEXT",
                    help="check only URLs containing TEXT (repeatable); others keep their previous result")
    ap.add_argument("--concurrency", type=int, default=8, help="requests in flight at most (default 8)")
    ap.add_argument("--per-host", type=int, default=2, help="requests in flight per host at most (default 2)")
    ap.add_argument("--timeout", type=float, default=d.timeout, help=f"seconds per request (default {d.timeout:g})")
    ap.add_argument("--retries", type=int, default=d.retries,
                    help=f"retries on 5xx/429/connect errors (default {d.retries})")
    ap.add_argument("--backoff", type=float, default=d.backoff,
                    help=f"first retry delay, doubled each time (default {d.backoff:g} s)")
    ap.add_argument("--retry-after-cap", type=float, default=d.retry_after_cap,
                    help=f"longest Retry-After honoured (default {d.retry_after_cap:g} s)")
    ap.add_argument("--max-bytes", type=int, default=d.max_bytes, help=f"body size cap (default {d.max_bytes})")
    ap.add_argument("--max-redirects", type=int, default=d.max_redirects, help=f"default {d.max_redirects}")
    ap.add_argument("--allow-private", action="store_true",
                    help="allow loopback addresses (127.0.0.0/8, ::1): for a local test server only; private, "
                         "link-local and metadata addresses stay refused")
    ap.add_argument("--date", help="the check date to record (default: SOURCE_DATE_EPOCH, else today)")
    return ap


def main(argv: list[str] | None = None, *, resolver: Resolver = system_resolver, checker: Checker | None = None) -> int:
    args = _parser().parse_args(argv)
    # lazy, for speed: the build imports macros.verify's readers and never prints with rich
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    corpus: Path = args.corpus
    if not corpus.is_dir():
        err.print(f"{corpus}: expected the corpus folder (a directory with README.md), found nothing there; "
                  "e.g. python -m macros.verify.command --corpus tooling", markup=False, highlight=False)
        return 2
    out: Path = args.out or corpus / FILE_NAME
    citations, mirror_list = collect(corpus)
    groups = group(citations)
    mirrors: dict[str, list[Path]] = defaultdict(list)
    for m in mirror_list:
        mirrors[m.url].append(corpus / m.path)
    previous: dict[str, Result] = {}
    if out.is_file():
        try:
            previous = load_verification(out.read_text(encoding="utf-8"), str(out))
        except (VerificationError, UnicodeDecodeError) as e:
            err.print(f"warning: previous results not used: {e}", markup=False, highlight=False)
    todo = {u: c for u, c in groups.items() if not args.only or any(t in u for t in args.only)}
    opts = Options(timeout=args.timeout, retries=args.retries, backoff=args.backoff,
                   retry_after_cap=args.retry_after_cap, max_bytes=args.max_bytes,
                   max_redirects=args.max_redirects, allow_loopback=args.allow_private)
    checked = args.date or today(os.environ.get("SOURCE_DATE_EPOCH"))
    progress = Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=not err.is_terminal, transient=True)
    with progress:
        task = progress.add_task("verify", total=len(todo))
        fresh = check_all(todo, mirrors, checked=checked, opts=opts, concurrency=args.concurrency,
                          per_host=args.per_host, resolver=resolver, checker=checker,
                          on_done=lambda r: progress.advance(task))
    results = merge(groups, fresh, previous)
    text = dump_verification(results)
    if not out.is_file() or out.read_text(encoding="utf-8", errors="replace") != text:
        out.write_text(text, encoding="utf-8")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report_markdown(results), encoding="utf-8")
    _summary(results, Console(highlight=False))
    print(f"{len(fresh)} of {len(groups)} URLs checked; results in {out}")
    return exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
