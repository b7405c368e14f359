"""Gunicorn settings for a served kyoso: ``gunicorn -c python:kyoso.gunicorn_conf kyoso.wsgi``.

Each setting can be changed by an environment variable (named beside it) without editing this
file; README, "Running it for real", gives the reasons.

- **Processes = CPU cores** (``KYOSO_WORKERS``). A kyoso request is Python work between short
  database reads; more processes than cores only take turns on the same cores, and each costs
  its own memory (≈ 150 MB after a few national-size pages).
- **One thread per process, and each process takes only the connections it can serve now**
  (``KYOSO_THREADS``, the ``gthread`` worker; ``KYOSO_WORKER_CONNECTIONS``, by default the same
  number). Requests waiting for a free process wait in the listening socket's queue, and the
  first process to finish takes the oldest: each request then runs alone on its core. With
  gunicorn's default of 1,000 connections a process, each took whatever arrived, so requests
  queued behind one another inside one process while the other was free, and its threads shared
  one interpreter lock: the cheap and the dear pages all slowed together. Measured with 16
  company users requesting their pages without pause at national scale (``make bench``, 2 cores):
  p95 804 / 673 ms with 4 threads and 1,000 connections a process, 440–500 ms with one thread and
  one connection on SQLite; 1,041 against 598–699 ms on PostgreSQL; 2 threads or 3 processes lay
  between. A slow client or a long download holds one process only: behind nginx, which reads
  the whole request and buffers the answer, neither reaches the process at a client's pace. The
  background exports (:mod:`kyoso.core.prepared_exports`) are threads of their own in these
  processes. No keep-alive: a process holding an idle connection would not take the next one.
- **Timeout 120 s** (``KYOSO_TIMEOUT``): with the ``gthread`` worker, gunicorn kills a process only
  when its main loop stops answering, not because one request is long; the timeout is the limit
  for a process that hangs. Exports above ``KYOSO_EXPORT_BACKGROUND_ROWS`` never run in a request.
- **Preload**: the application is loaded once, its heap frozen (:func:`kyoso.serving.settle`),
  then the processes are forked and share it.
- **No periodic restarts** (``max_requests`` 0): a restart would end the background exports of
  that process (``kyoso exports run`` takes them over, but later).
"""

import multiprocessing
import os

bind = os.environ.get("KYOSO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KYOSO_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("KYOSO_THREADS", 1))
worker_connections = int(os.environ.get("KYOSO_WORKER_CONNECTIONS", threads))
# A kept-alive connection counts as one of the process's connections: none to spare, none kept.
keepalive = 5 if worker_connections > threads else 0
timeout = int(os.environ.get("KYOSO_TIMEOUT", 120))
graceful_timeout = 30
preload_app = True
max_requests = 0
# The heartbeat file of each process in memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("KYOSO_ACCESS_LOG", "-")
# X-Forwarded-* from the proxy on this machine only (see BEHIND_HTTPS_PROXY in kyoso.settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
