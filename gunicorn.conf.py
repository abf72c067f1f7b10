"""gunicorn's settings for Quayside (read by `gunicorn` from the working directory; the image
runs it). Each can be overridden on the command line or with GUNICORN_CMD_ARGS."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads suit a client that mostly waits on Quay.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 60
accesslog = "-"
# Paths without their query strings: the OAuth callback's carries a one-time code. No
# referrer either (it may carry another page's query).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

HEALTH_PORT = os.environ.get("HEALTH_PORT", "")


def post_worker_init(worker: object) -> None:
    """Each worker answers /healthz on HEALTH_PORT too, from a thread of its own."""
    if HEALTH_PORT:
        from dashboard.web.health import serve_health

        # Like the main port: the container's own probe and an orchestrator's reach it.
        serve_health("0.0.0.0", int(HEALTH_PORT))  # noqa: S104


# Nothing uses gunicorn's control interface (27+), whose socket would want a writable home.
control_socket_disable = True
