# legalmap web and worker image. Debian bookworm, like the machines the tests run on.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# Graphviz lays out diagrams; Pango and fonts are what WeasyPrint renders PDFs with;
# libpq is not needed (psycopg[binary] ships its own).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      graphviz libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 legalmap
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir legalmap && touch legalmap/__init__.py \
 && pip install . \
 && pip uninstall -y legalmap \
 && rm -rf legalmap build *.egg-info

# The code runs from /app (PYTHONPATH), where templates/, fixtures/ and seeds/ live too.
COPY . .
RUN SECRET_KEY=collectstatic-only-not-a-real-key-0123456789abcdef DATABASE_URL=sqlite:////tmp/x.db \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/media && chown -R legalmap /app/media

USER legalmap
EXPOSE 8000
# The web service; docker-compose.yml runs the worker from the same image.
CMD ["gunicorn", "legalmap.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
