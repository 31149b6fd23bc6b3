FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STUDYBOT_DB=/data/studybot.db \
    STUDYBOT_BANKS=/app/questions

# A CJK font, so /stats charts draw Chinese labels and topics instead of boxes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 studybot \
    && mkdir -p /data && chown studybot:studybot /data

WORKDIR /app
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY bot ./bot
COPY questions ./questions
RUN pip install .

USER studybot
VOLUME ["/data"]

# Healthy while the process runs and its database opens; the bot itself reconnects on its own.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import sqlite3,sys; sqlite3.connect('file:/data/studybot.db?mode=ro', uri=True).execute('select 1'); sys.exit(0)" || exit 1

CMD ["studybot", "run"]
