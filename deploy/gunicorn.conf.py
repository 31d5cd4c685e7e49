"""gunicorn as production runs it (Dockerfile, docker-compose.yml) and as bench/ measures it.

Settings come from the environment like the project's: WEB_CONCURRENCY (workers, default
two per core), PORT (8000). Logs are JSON lines on standard output, as the project's are:
the access log keeps the method, path, status and duration of each request, never its
query string, the client's address, the referrer or any header.
"""

import gc
import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
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
