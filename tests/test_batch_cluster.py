"""`claimgraph batch` on a cluster of separate processes: a real `dask scheduler` and two `dask worker`s
over TCP on 127.0.0.1, one of them killed with SIGKILL mid-run; then scheduler and workers in separate
network namespaces joined by a veth pair (skipped, with the reason, where the machine refuses them).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

from claimgraph.batch.driver import batch
from claimgraph.batch.worker import TaskResult
from test_batch import corpus_records, read_table, write_jsonl

pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning"),  # distributed's sockets closed by GC
              pytest.mark.filterwarnings("ignore::DeprecationWarning")]
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def process(args: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A background process (its output in ``log``), killed on the way out."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def scheduler_args(host: str, port: int) -> list[str]:
    return [str(BIN / "dask"), "scheduler", "--host", host, "--port", str(port), "--no-dashboard"]


def worker_args(address: str, host: str) -> list[str]:
    # No nanny: the process killed is the worker itself, not a supervisor that would restart it.
    return [str(BIN / "dask"), "worker", address, "--host", host, "--nthreads", "1", "--no-nanny", "--no-dashboard"]


def wait_for_workers(address: str, count: int) -> Any:
    from distributed import Client

    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            client = Client(address, timeout="5s")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
    client.wait_for_workers(count, timeout=STARTUP_SECONDS)
    return client


@pytest.fixture
def dump(corpus_dir: Path, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    records = corpus_records(corpus_dir, 160)
    return write_jsonl(tmp_path / "dump.jsonl", records), records


def assert_each_once(out: Path, records: list[dict[str, Any]]) -> None:
    names = Counter(d["name"] for d in read_table(out, "documents"))
    assert names == Counter(r["id"] for r in records)
    plan = json.loads((out / "_plan.json").read_text())["tasks"]
    assert {p.name for p in (out / "_done").iterdir()} == {f"{t['id']}.json" for t in plan}


def test_scheduler_and_two_workers_over_tcp_with_one_killed_mid_run(dump: tuple[Path, list[dict[str, Any]]],
                                                                   tmp_path: Path) -> None:
    path, records = dump
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    with ExitStack() as stack:
        stack.enter_context(process(scheduler_args("127.0.0.1", port), tmp_path / "scheduler.log"))
        workers = [stack.enter_context(process(worker_args(address, "127.0.0.1"), tmp_path / f"worker{i}.log"))
                   for i in range(2)]
        client = stack.enter_context(wait_for_workers(address, 2))
        pids = client.run(os.getpid)
        killed: dict[str, Any] = {}

        def kill_a_busy_worker(result: TaskResult) -> None:
            if killed:
                return
            busy = [addr for addr, keys in client.processing().items() if keys]
            victim = next(w for w in workers if w.pid == pids[busy[0]])
            victim.send_signal(signal.SIGKILL)
            killed.update(address=busy[0], pid=victim.pid, tasks=client.processing()[busy[0]])

        summary = batch([str(path)], str(tmp_path / "out"), scheduler=address, task_bytes=path.stat().st_size // 16,
                        advance=kill_a_busy_worker)
        assert killed["tasks"], "the killed worker was running a task"
        assert workers[0].poll() is not None or workers[1].poll() is not None
        assert summary.unfinished == 0 and summary.articles == len(records), summary.line()
        assert_each_once(tmp_path / "out", records)
        survivor = next(pid for pid in pids.values() if pid != killed["pid"])
        markers = [json.loads(p.read_text()) for p in (tmp_path / "out" / "_done").iterdir()]
        finished_by = {m["task_id"]: int(m["worker"].rsplit(":", 1)[1]) for m in markers}
        lost = [key.removeprefix("claimgraph-batch-") for key in killed["tasks"]]
        assert all(finished_by[task] == survivor for task in lost if task in finished_by)


def netns(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)


@contextmanager
def two_namespaces() -> Iterator[tuple[str, str, str, str]]:
    """Two network namespaces joined by a veth pair: (scheduler ns, its address, workers' ns, their address)."""
    if shutil.which("ip") is None:
        pytest.skip("network namespaces: the `ip` command (iproute2) is not installed")
    tag = f"{os.getpid() % 100000}"
    ns_s, ns_w, veth_s, veth_w = f"cgbs{tag}", f"cgbw{tag}", f"cgs{tag}", f"cgw{tag}"
    made: list[str] = []
    try:
        for ns in (ns_s, ns_w):
            created = netns("netns", "add", ns)
            if created.returncode:
                pytest.skip(f"network namespaces: `ip netns add` is refused here ({created.stderr.strip()})")
            made.append(ns)
        steps = [("link", "add", veth_s, "type", "veth", "peer", "name", veth_w),
                 ("link", "set", veth_s, "netns", ns_s), ("link", "set", veth_w, "netns", ns_w),
                 ("-n", ns_s, "addr", "add", "10.231.7.1/24", "dev", veth_s),
                 ("-n", ns_w, "addr", "add", "10.231.7.2/24", "dev", veth_w),
                 ("-n", ns_s, "link", "set", veth_s, "up"), ("-n", ns_w, "link", "set", veth_w, "up"),
                 ("-n", ns_s, "link", "set", "lo", "up"), ("-n", ns_w, "link", "set", "lo", "up")]
        for step in steps:
            done = netns(*step)
            if done.returncode:
                pytest.skip(f"network namespaces: `ip {' '.join(step)}` is refused here ({done.stderr.strip()})")
        yield ns_s, "10.231.7.1", ns_w, "10.231.7.2"
    finally:
        for ns in made:
            netns("netns", "del", ns)  # takes its end of the veth pair, and so the pair, with it


def test_scheduler_and_workers_in_separate_network_namespaces(dump: tuple[Path, list[dict[str, Any]]],
                                                              tmp_path: Path) -> None:
    path, records = dump
    with two_namespaces() as (ns_s, host_s, ns_w, host_w), ExitStack() as stack:
        address = f"tcp://{host_s}:8786"
        in_s, in_w = ["ip", "netns", "exec", ns_s], ["ip", "netns", "exec", ns_w]
        stack.enter_context(process(in_s + scheduler_args(host_s, 8786), tmp_path / "scheduler.log"))
        for i in range(2):
            stack.enter_context(process(in_w + worker_args(address, host_w), tmp_path / f"worker{i}.log"))
        # the client runs beside the workers: it reaches the scheduler over the veth pair only
        run = subprocess.run(in_w + [str(BIN / "claimgraph"), "batch", str(path), "--out", str(tmp_path / "out"),
                                     "--scheduler", address, "--task-size", str(path.stat().st_size / 8e6)],
                             capture_output=True, text=True, timeout=150)
        logs = "\n".join(p.read_text(errors="replace") for p in sorted(tmp_path.glob("*.log")))
        assert run.returncode == 0, run.stderr + logs
        assert f"unfinished 0, articles {len(records)}, " in run.stderr
        assert_each_once(tmp_path / "out", records)
        workers = {json.loads(p.read_text())["worker"] for p in (tmp_path / "out" / "_done").iterdir()}
        assert len(workers) == 2, "both workers in the other namespace took tasks"
