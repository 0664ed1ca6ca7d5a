"""Concurrency figure: signed-in pages served by gunicorn -w 2, as a share of hello-world.

``measure(base_dir)`` migrates a fresh SQLite file in ``base_dir``, loads the demo clinic,
serves it with gunicorn (2 sync workers, loopback) and, in the same run and with the same
gunicorn settings, a hello-world Flask app (bench/hello.py). It signs in as the demo therapist
and loads each page with 8 connections for ``duration_s`` seconds: with wrk when installed
(a Lua hook counts every status other than 200), otherwise with Python threads. Any answer
but 200 counts in ``non_2xx``. Ratios, not absolute req/s, are the figure: the same machine
gives other absolute numbers from one minute to the next.

Run it alone with ``python bench/throughput.py [--duration 5] [--rounds 3]``; bench/run.py imports
``measure``. The helpers (``Client``, ``serve_gunicorn``, ``free_port``) are shared with the
live-server concurrency tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_THERAPIST = "therapist@demo.ptplan.test"
GOALS = {"chart_pct": 8.0}
CONNECTIONS = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """A signed-in browser stand-in over http.client: one cookie jar, no redirects followed."""

    def __init__(self, base: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value:
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
            return response.status, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> tuple[int, str]:
        return self.request("POST", path, form)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def csrf(self, path: str) -> str:
        status, body = self.get(path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
        if status != 200 or not match:
            raise RuntimeError(f"no form at {path} (status {status})")
        return match.group(1)

    def login(self, email: str, password: str) -> None:
        token = self.csrf("/login")
        status, _ = self.post("/login", {"csrf_token": token, "email": email, "password": password})
        if status != 302:
            raise RuntimeError(f"log-in as {email} answered {status}")


def app_env(database_url: str, instance_dir: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PTPLAN_ENV": "development",
        "PTPLAN_INSTANCE_DIR": str(instance_dir),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(32),
        "PYTHONPATH": str(ROOT),
    }


def wait_ready(base: str, path: str, process: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    client = Client(base)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if client.get(path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server at {base} not ready after {timeout_s} s")


@contextmanager
def serve_gunicorn(app_spec: str, env: dict, *, workers: int = 2, ready_path: str = "/healthz"):
    """gunicorn on a free loopback port; yields the base URL and stops the server after."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "--no-control-socket", "--log-level", "warning", "--chdir", str(ROOT), app_spec,
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, ready_path, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


def prepare_demo(base_dir: Path) -> tuple[str, str, Path]:
    """A migrated SQLite file with the demo clinic; returns (url, password, path)."""
    path = base_dir / "throughput.db"
    # A fresh file each run: the demo seed keeps an existing clinic (and its users' passwords),
    # so a file left by an earlier run would refuse this run's password.
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    password = secrets.token_urlsafe(18)
    env = app_env(url, base_dir)
    for args in (["db", "upgrade"], ["seed-demo", "--password", password]):
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"flask {' '.join(args[:1])} failed:\n{result.stdout}\n{result.stderr}")
    return url, password, path


WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("NON200 %d\\n", total))
end
"""


def load(url: str, cookie: str, duration_s: float, script: Path | None) -> tuple[float, int, int]:
    """(req/s, requests, answers other than 200) for one URL."""
    if script is not None and shutil.which("wrk"):
        command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(duration_s))}s", "-s", str(script)]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        total = int(re.search(r"(\d+) requests in", output).group(1))
        errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        failed = int(re.search(r"NON200 (\d+)", output).group(1))
        if errors:
            failed += sum(int(n) for n in errors.groups())
        return rps, total, failed
    return _python_load(url, cookie, duration_s)


def _python_load(url: str, cookie: str, duration_s: float) -> tuple[float, int, int]:
    parsed = urllib.parse.urlsplit(url)
    counts = [0, 0]
    lock = threading.Lock()
    stop = time.monotonic() + duration_s

    def worker() -> None:
        done = bad = 0
        while time.monotonic() < stop:
            connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
            try:
                connection.request("GET", parsed.path or "/", headers={"Cookie": cookie} if cookie else {})
                response = connection.getresponse()
                response.read()
                bad += response.status != 200
            except OSError:
                bad += 1
            finally:
                connection.close()
            done += 1
        with lock:
            counts[0] += done
            counts[1] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts[0] / (time.monotonic() - started), counts[0], counts[1]


PAGES = ("chart", "patient_list", "my_day")


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure(base_dir, duration_s: float = 5.0, rounds: int = 1) -> dict:
    """Serve the demo clinic and hello-world side by side; req/s and share of hello-world.

    Both servers stay up for the whole run, and each of the ``rounds`` loads hello-world and
    then every page, so the ratios of one round are measured moments apart. With several
    rounds, each ``*_pct`` is the median of the per-round ratios (a shared machine's load moves
    between rounds) and the req/s are medians too; ``load_average`` is the 1-minute load
    before and after the run.
    """
    base_dir = Path(base_dir)
    base_dir.mkdir(parents=True, exist_ok=True)
    url, password, path = prepare_demo(base_dir)
    with sqlite3.connect(path) as connection:
        patient_id = connection.execute("SELECT id FROM patient WHERE mrn = 'DEMO-0001'").fetchone()[0]
    script = base_dir / "count_non200.lua"
    script.write_text(WRK_SCRIPT)
    env = app_env(url, base_dir)
    results: dict = {"workers": 2, "connections": CONNECTIONS, "duration_s": duration_s, "rounds": rounds}
    results["client"] = "wrk" if shutil.which("wrk") else "python-threads"
    load_before = os.getloadavg()[0]
    non_2xx = 0
    samples: dict[str, list[float]] = {"hello": [], **{name: [] for name in PAGES}}
    ratios: dict[str, list[float]] = {name: [] for name in PAGES}
    with (
        serve_gunicorn("bench.hello:app", env, ready_path="/") as hello,
        serve_gunicorn("wsgi:app", env) as base,
    ):
        client = Client(base)
        client.login(DEMO_THERAPIST, password)
        cookie = client.cookie_header()
        pages = {"chart": f"/patients/{patient_id}", "patient_list": "/patients/", "my_day": "/my-day"}
        for page in pages.values():
            status, _ = client.get(page)
            if status != 200:
                raise RuntimeError(f"{page} answered {status} before the run")
        for _round in range(rounds):
            hello_rps, _, bad = load(hello + "/", "", duration_s, script)
            non_2xx += bad
            samples["hello"].append(hello_rps)
            for name, page in pages.items():
                rps, total, bad = load(base + page, cookie, duration_s, script)
                samples[name].append(rps)
                ratios[name].append(100 * rps / hello_rps)
                results[f"{name}_requests"] = results.get(f"{name}_requests", 0) + total
                non_2xx += bad
    results["hello_rps"] = round(_median(samples["hello"]), 1)
    for name in PAGES:
        results[f"{name}_rps"] = round(_median(samples[name]), 1)
        results[f"{name}_pct"] = round(_median(ratios[name]), 2)
        if rounds > 1:
            results[f"{name}_pct_rounds"] = [round(r, 2) for r in ratios[name]]
    results["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    results["non_2xx"] = non_2xx
    results["goal_chart_pct"] = GOALS["chart_pct"]
    results["chart_meets_goal"] = results["chart_pct"] >= GOALS["chart_pct"] and non_2xx == 0
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds; ratios are their median")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ptplan-throughput-") as workdir:
        results = measure(workdir, duration_s=args.duration, rounds=max(1, args.rounds))
    print(
        f"hello-world: {results['hello_rps']} req/s ({results['client']}, {CONNECTIONS} connections, gunicorn -w 2)"
    )
    for name, label in (("chart", "chart"), ("patient_list", "patient list"), ("my_day", "My day")):
        goal = f"   goal >= {GOALS['chart_pct']}%" if name == "chart" else ""
        print(
            f"{label:>13}: {results[name + '_rps']:8.1f} req/s = {results[name + '_pct']:5.2f}% of hello-world{goal}"
        )
    print(f"answers other than 200: {results['non_2xx']}")
    before, after = results["load_average"]
    print(f"load average (1 min) before / after: {before} / {after} on {os.cpu_count()} cores")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
