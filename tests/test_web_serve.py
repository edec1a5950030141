"""`claimgraph serve` as a user runs it: a process that creates the store when missing, binds
127.0.0.1, prints its address and serves the explorer until stopped."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from web_server import free_port

SERVE = "import sys; from claimgraph.cli.serve import serve_cli; serve_cli(sys.argv[1:], prog_name='claimgraph serve')"


def test_serve_prints_its_address_and_serves(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "new.db"
    with subprocess.Popen([sys.executable, "-c", SERVE, "--db", str(db), "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        _check(process, port, db)


def _check(process: subprocess.Popen[str], port: int, db: Path) -> None:
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", headers={"accept": "text/html"})
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, process.stderr.read() if process.stderr else ""
                time.sleep(0.05)
        assert response.status_code == 200 and "0 articles" in response.text
        assert db.is_file()
    finally:
        process.terminate()
        process.wait(10)


def test_serve_answers_only_to_its_own_names(tmp_path: Path) -> None:
    """`--allowed-host` adds a name the server answers to; any other Host gets 400 (DNS rebinding)."""
    port = free_port()
    with subprocess.Popen([sys.executable, "-c", SERVE, "--db", str(tmp_path / "s.db"), "--port", str(port),
                           "--allowed-host", "claims.example.org"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None and f":{port}/" in process.stdout.readline()
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    own = httpx.get(f"{base}/api/claims")
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
            alias = httpx.get(f"{base}/api/claims", headers={"host": "claims.example.org"})
            foreign = httpx.get(f"{base}/api/claims", headers={"host": "evil.example"})
            assert (own.status_code, alias.status_code, foreign.status_code) == (200, 200, 400)
        finally:
            process.terminate()
            process.wait(10)
