# Quayside in a container: configuration only through the environment (see README.md).
FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY dashboard ./dashboard
RUN /venv/bin/pip install .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings that import cleanly; the key is thrown away with this stage.
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --noinput

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH DEBUG=false PORT=8000
RUN useradd --system --uid 10001 --home-dir /app quayside
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
USER quayside
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
# Migrations run at start (idempotent); gunicorn threads suit a client that mostly waits on Quay.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn dashboard.wsgi:application --bind 0.0.0.0:${PORT} --workers 2 --threads 8 --timeout 60 --access-logfile -"]
