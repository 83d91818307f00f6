# One dashboard replica. compose.yaml runs several behind HAProxy (deploy/haproxy.cfg); README "Deploying".
FROM python:3.11-slim-bookworm

# Chromium draws the chart images of the exports and briefings (kaleido drives it headless); the Noto CJK fonts
# give those images their Chinese. Debian's own versions, as scripts/setup.sh installs them.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-noto-cjk fontconfig \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BROWSER_PATH=/usr/bin/chromium \
    DASHBOARD_CACHE_DIR=/cache \
    HOME=/tmp

WORKDIR /app

# the libraries first (from pyproject.toml's own list), so a code edit does not reinstall them
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# the code runs from /app (not installed), so it finds the dataset at /app/data as in a checkout; the dataset in
# the image is a default that compose.yaml covers with the host's data/ folder, mounted read-only
COPY .streamlit/ .streamlit/
COPY streamlit_app.py ./
COPY dashboard/ dashboard/
COPY data/measures.yaml data/measures.yaml
COPY data/regions/ data/regions/
COPY data/sources/ data/sources/

# a user without a login or a home (HOME is /tmp, where Chromium keeps its throwaway profile); the cache folder is
# its only other writable place (a volume in compose.yaml; the app still runs, more slowly, where it cannot write)
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin dashboard \
    && mkdir -p /cache \
    && chown 10001 /cache
USER 10001
VOLUME ["/cache"]

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"]

# .streamlit/config.toml binds 127.0.0.1 for a desktop; a container serves its network interface. No file
# watcher: data edits are noticed by the app itself on the next rerun, and code changes come with a new image.
CMD ["streamlit", "run", "streamlit_app.py", "--server.address=0.0.0.0", "--server.port=8501", \
     "--server.fileWatcherType=none"]
