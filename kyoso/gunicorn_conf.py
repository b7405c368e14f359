"""Gunicorn settings for a served kyoso: ``gunicorn -c python:kyoso.gunicorn_conf kyoso.wsgi``.

Each setting can be changed by an environment variable (named beside it) without editing this
file; README, "Running it for real", gives the reasons.

- **Processes = CPU cores** (``KYOSO_WORKERS``). A kyoso request is Python work between short
  database reads; more processes than cores only take turns on the same cores, and each costs
  its own memory (≈ 150 MB after a few national-size pages).
- **Threads per process: 4** (``KYOSO_THREADS``, the ``gthread`` worker). A thread waiting on the
  database, on a slow client or on a streamed export (a 100,000-row XLSX takes seconds) leaves
  the process free to serve others; with one thread per process, one download held a whole core's
  queue. The background exports (:mod:`kyoso.core.prepared_exports`) are threads of these
  processes too.
- **Timeout 120 s** (``KYOSO_TIMEOUT``): with threads, gunicorn kills a process only when its main
  loop stops answering, not because one request is long; the timeout is the limit for a process
  that hangs. Exports above ``KYOSO_EXPORT_BACKGROUND_ROWS`` never run in a request.
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
threads = int(os.environ.get("KYOSO_THREADS", 4))
timeout = int(os.environ.get("KYOSO_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
preload_app = True
max_requests = 0
# The heartbeat file of each process in memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("KYOSO_ACCESS_LOG", "-")
# X-Forwarded-* from the proxy on this machine only (see BEHIND_HTTPS_PROXY in kyoso.settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
