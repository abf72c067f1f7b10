# Quayside in a container: configuration only through the environment (see README.md).
FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY dashboard ./dashboard
RUN /venv/bin/pip install .
COPY manage.py gunicorn.conf.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings that import cleanly; the key is thrown away with this stage.
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --noinput

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH DEBUG=false PORT=8000 \
    HEALTH_PORT=8001
RUN useradd --system --uid 10001 --home-dir /app quayside
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
# The code stays root's and read-only; without DATABASE_URL, SQLite (and its journal) lives in
# a directory the app may write to: mount a volume there to keep it.
RUN install -d -o quayside -g quayside /app/data
ENV SQLITE_PATH=/app/data/db.sqlite3
VOLUME /app/data
USER quayside
EXPOSE 8000 8001
# The health port answers from a thread of its own in each worker, so the check never waits
# behind requests that wait on a slow Quay (see dashboard/web/health.py).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"HEALTH_PORT\"]}/healthz', timeout=4)"
# Migrations run at start (idempotent; they also create the shared cache's table). gunicorn
# reads gunicorn.conf.py: 2 workers x 8 threads, an access log without query strings.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c gunicorn.conf.py dashboard.wsgi:application"]
