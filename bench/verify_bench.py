"""`make bench` verification figure: 500 URLs against a local server, at most 8 in flight.

Each URL answers after an injected latency (20–60 ms, 40 ms on average). The URLs name 50 host names
that a stub resolver maps to 127.0.0.1 (nothing leaves the machine), so the per-host limit is exercised
as it would be on the real corpus. The serial time is the sum of the injected latencies: a lower bound
of what checking the URLs one after another would take, so the reported speed-up is conservative.
Run alone with `python -m bench.verify_bench`.
"""
from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from macros.verify.command import check_all
from macros.verify.collect import Citation
from macros.verify.http import Options

URLS = 500
IN_FLIGHT = 8
HOSTS = 50
TARGET = 6.0


def latency_ms(i: int) -> int:
    return 20 + (i % 5) * 10


class _Slow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        srv = self.server
        with srv.lock:
            srv.now += 1
            srv.peak = max(srv.peak, srv.now)
        try:
            time.sleep(int(self.path.split("/")[2]) / 1000)
        finally:
            # counted out before the answer is sent: once the client has it, it may send its next request
            # before this thread runs again (counted out after, that request was seen as a 9th in flight)
            with srv.lock:
                srv.now -= 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def measure(urls: int = URLS, in_flight: int = IN_FLIGHT) -> dict:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    srv.daemon_threads = True
    srv.request_queue_size = 64
    srv.lock, srv.now, srv.peak = threading.Lock(), 0, 0
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    port = srv.server_address[1]
    try:
        groups = {}
        for i in range(urls):
            url = f"http://h{i % HOSTS}.bench.test:{port}/lat/{latency_ms(i)}/{i}"
            groups[url] = [Citation(url, "tooling/README.md", i + 1)]
        t0 = time.perf_counter()
        results = check_all(groups, {}, checked="2026-11-29", opts=Options(timeout=10, allow_loopback=True),
                            concurrency=in_flight, per_host=2, resolver=lambda host, port: ["127.0.0.1"])
        wall = time.perf_counter() - t0
    finally:
        srv.shutdown()
        srv.server_close()
    serial = sum(latency_ms(i) for i in range(urls)) / 1000
    ok = sum(r.state == "ok" for r in results.values())
    speedup = serial / wall
    return {"urls": urls, "ok": ok, "max_in_flight": in_flight, "peak_in_flight_seen": srv.peak,
            "wall_s": round(wall, 3), "serial_sum_s": round(serial, 3), "speedup": round(speedup, 2),
            "target": TARGET, "pass": ok == urls and srv.peak <= in_flight and speedup >= TARGET}


def report() -> dict:
    """Measure and print one line (the hook in bench/__main__.py)."""
    r = measure()
    print(f"verify: {r['urls']} URLs ({r['ok']} ok), at most {r['max_in_flight']} in flight "
          f"(peak seen {r['peak_in_flight_seen']}): {r['wall_s']:.2f} s wall vs {r['serial_sum_s']:.2f} s serial "
          f"sum = {r['speedup']:.1f}x (target >= {TARGET:g}x: {'yes' if r['pass'] else 'NO'})")
    return r


if __name__ == "__main__":
    res = report()
    print(json.dumps(res, indent=2))
    sys.exit(0 if res["pass"] else 1)
