"""gunicorn as production runs it (Dockerfile, docker-compose.yml) and as bench/ measures it.

Settings come from the environment like the project's: WEB_CONCURRENCY (workers, default
two per core the process may use), PORT (8000). Logs are JSON lines on standard output, as
the project's are:
the access log keeps the method, path, status and duration of each request, never its
query string, the client's address, the referrer or any header.
"""

import gc
import math
import os
from pathlib import Path


def available_cores(cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The cores this process may use: its CPU set, and a container's CPU quota (cgroup v2).

    Not the host's count: on a large host a small container would start dozens of workers,
    each with its database connections.
    """
    cores = len(os.sched_getaffinity(0))
    try:
        quota, period = cpu_max.read_text().split()
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota to read: the CPU set says it all
    return cores


bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * available_cores()))
# a worker that has not answered in this time is killed and replaced; nginx waits 60 s
timeout = 30
accesslog = "-"
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "recruitment.logs.JsonFormatter"},
        "access": {"()": "recruitment.logs.AccessLogFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": LOG_LEVEL, "propagate": False},
    },
}


def post_worker_init(worker) -> None:
    # the objects of the loaded project live as long as the worker: the collector need not
    # walk them again on every full collection
    gc.freeze()
