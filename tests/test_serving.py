"""How a served kyoso takes requests (``kyoso.gunicorn_conf``) and how the bench accounts for the CPU."""

from __future__ import annotations

import importlib
import os
import sys
import time

import pytest

from kyoso import bench


def _configuration(monkeypatch, **env):
    for name in ("KYOSO_WORKERS", "KYOSO_THREADS", "KYOSO_WORKER_CONNECTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("kyoso.gunicorn_conf", None)
    return importlib.import_module("kyoso.gunicorn_conf")


def test_a_process_takes_only_the_connections_it_can_serve_now(monkeypatch):
    conf = _configuration(monkeypatch)
    # One thread, one connection: the others wait in the socket's queue for the first free process.
    assert (conf.worker_class, conf.threads, conf.worker_connections) == ("gthread", 1, 1)
    # An idle kept-alive connection would occupy the process's only place.
    assert conf.keepalive == 0


def test_more_threads_bring_as_many_connections_and_an_explicit_number_wins(monkeypatch):
    conf = _configuration(monkeypatch, KYOSO_THREADS="4")
    assert (conf.threads, conf.worker_connections, conf.keepalive) == (4, 4, 0)
    conf = _configuration(monkeypatch, KYOSO_THREADS="2", KYOSO_WORKER_CONNECTIONS="10")
    assert (conf.threads, conf.worker_connections) == (2, 10)
    assert conf.keepalive == 5  # connections to spare: kept-alive ones may wait in them


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc")
def test_the_bench_counts_the_cpu_a_process_and_the_machine_spent():
    process, machine = bench._process_cpu_seconds(os.getpid()), bench._machine_busy_seconds()
    until = time.process_time() + 0.3
    while time.process_time() < until:  # 0.3 s of this process's CPU
        pass
    # Clock ticks are 10 ms: at least 0.2 s of the 0.3 s burnt must show, in both counters.
    assert bench._process_cpu_seconds(os.getpid()) - process >= 0.2
    assert bench._machine_busy_seconds() - machine >= 0.2
    assert bench._process_cpu_seconds(2**22 + 12345) == 0.0  # no such process: nothing, no error
