# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY pyproject.toml README.md ./
COPY recruitment/__init__.py recruitment/
RUN mkdir -p vacancies applicants eligibility && touch vacancies/__init__.py applicants/__init__.py eligibility/__init__.py \
    && pip install .
COPY . .
RUN pip install --no-deps . \
    && python manage.py compilemessages --ignore '.venv/*' -v 0 \
    && DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build VAR_DIR=/app/var \
       python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/var && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "recruitment.wsgi", "--config", "deploy/gunicorn.conf.py"]
