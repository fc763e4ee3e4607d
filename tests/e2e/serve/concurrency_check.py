"""concurrency_check.py -- several clients at once get the answers kg query
gives, and slow readers do not hold up the others.

Usage: python3 concurrency_check.py ENDPOINT_URL EXPECTED_DIR [ACCESS_LOG]
EXPECTED_DIR holds q*.rq and, for each, q*.csv written by `kg query
--format csv` before the server started. With ACCESS_LOG (the server's
stderr), the check also proves that the slow readers' responses were
still being sent (not yet logged as complete) while the others ran.
SPDX-License-Identifier: MIT
"""
import glob
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request

ENDPOINT, EXPECTED = sys.argv[1], sys.argv[2]
ACCESS_LOG = sys.argv[3] if len(sys.argv) > 3 else None


def big_answers_logged():
    """Access log lines of completed responses over 100 kB."""
    if not ACCESS_LOG:
        return 0
    with open(ACCESS_LOG, errors="replace") as f:
        return sum(1 for line in f
                   if re.search(r'" 200 (\d{6,}) ', line))
CLIENTS, ROUNDS, SLOW = 12, 8, 4
# Every triple next to every country: megabytes, more than the kernel's
# socket buffers hold, so a slow reader really keeps its response waiting.
BIG = ("SELECT ?s ?p ?o ?x WHERE { ?s ?p ?o . "
       "?x a <http://schema.org/Country> }")

cases = []
for rq in sorted(glob.glob(os.path.join(EXPECTED, "q*.rq"))):
    with open(rq) as f, open(rq[:-3] + ".csv", "rb") as g:
        cases.append((f.read(), g.read()))
assert len(cases) >= 3, cases


def get(query, accept="text/csv"):
    req = urllib.request.Request(
        ENDPOINT + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()


errors, latencies = [], []
lock = threading.Lock()


def fast_client(i):
    for k in range(ROUNDS):
        query, want = cases[(i + k) % len(cases)]
        t0 = time.monotonic()
        try:
            status, body = get(query)
        except Exception as e:  # noqa: BLE001 -- every failure is reported
            status, body = repr(e), b""
        dt = time.monotonic() - t0
        with lock:
            latencies.append(dt)
            if status != 200 or body != want:
                errors.append("client %d round %d: %s %r" % (i, k, status,
                                                             body[:200]))


def slow_client(i, result, started):
    """Ask for a big answer and read it at 2 KB a second for 3 s."""
    u = urllib.parse.urlsplit(ENDPOINT)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((u.hostname, u.port))
    path = u.path + "?" + urllib.parse.urlencode({"query": BIG})
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
               "Connection: close\r\n\r\n" % path).encode())
    data = s.recv(512)
    started[i].set()  # the answer is built; the server is sending it
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:  # slow phase
        chunk = s.recv(512)
        if not chunk:
            break
        data += chunk
        time.sleep(0.25)
    while True:  # then read the rest at full speed
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    result[i] = data


# Phase 1: many clients at once, every answer checked. Queries run one at
# a time under the server's lock, so this measures correctness, not speed.
t0 = time.monotonic()
threads = [threading.Thread(target=fast_client, args=(i,))
           for i in range(CLIENTS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - t0
if errors:
    sys.exit("FAIL: %d wrong answers, e.g. %s" % (len(errors), errors[0]))
latencies.sort()
print("ok: %d requests from %d concurrent clients all correct in %.2f s "
      "(p50 %.0f ms, max %.0f ms)" % (len(latencies), CLIENTS, elapsed,
                                       1000 * latencies[len(latencies) // 2],
                                       1000 * latencies[-1]))

# Phase 2: slow readers hold big answers half-read; quick requests from
# another client still come back at once.
quick, want = cases[0]
t0 = time.monotonic()
get(quick)
alone = time.monotonic() - t0
logged_before = big_answers_logged()
slow_results = [None] * SLOW
started = [threading.Event() for _ in range(SLOW)]
slow_threads = [threading.Thread(target=slow_client,
                                 args=(i, slow_results, started))
                for i in range(SLOW)]
for t in slow_threads:
    t.start()
for e in started:  # building the answers takes the lock; sending does not
    e.wait(120)
waits = []
for k in range(8):
    t0 = time.monotonic()
    status, body = get(quick)
    waits.append(time.monotonic() - t0)
    if status != 200 or body != want:
        sys.exit("FAIL: wrong answer next to the slow readers: %r" % body)
slow_busy = all(t.is_alive() for t in slow_threads)
still_sending = big_answers_logged() - logged_before == 0
for t in slow_threads:
    t.join()
if not slow_busy:
    sys.exit("FAIL: the slow readers finished early: the test proved "
             "nothing (make the big answer bigger)")
if ACCESS_LOG and not still_sending:
    sys.exit("FAIL: the big answers were sent in full at once (socket "
             "buffers took them): the test proved nothing")
if max(waits) > 2.0:
    sys.exit("FAIL: a request waited %.1f s behind the slow readers "
             "(%.3f s alone)" % (max(waits), alone))
_, big = get(BIG)
for i, data in enumerate(slow_results):
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200") or body != big:
        sys.exit("FAIL: slow client %d got %d bytes, want %d" % (
            i, len(body), len(big)))
print("ok: with %d slow readers holding %d-byte answers, 8 requests took "
      "at most %.0f ms (%.0f ms alone); the slow readers then got every "
      "byte" % (SLOW, len(big), 1000 * max(waits), 1000 * alone))
