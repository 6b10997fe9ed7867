# Myeloma Access Explorer: one app replica (see docs/deployment.md for many users).
#   docker build -t myeloma-access .
#   docker run --rm -p 8501:8501 myeloma-access      # then open http://localhost:8501/
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user runs the app; the code and data stay owned by root (read-only to it).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code or data change does not reinstall them. All pinned, all wheels.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The app itself: app.py, pages/, components/, myeloma_access/, data/, static/, .streamlit/.
# It runs from /app (myeloma_access.DATA_DIR is /app/data, next to the package) and is installed in place
# (editable, no dependencies) so Streamlit finds the map component's asset_dir declared in pyproject.toml.
COPY . .
RUN pip install --no-deps -e .

USER app
EXPOSE 8501

# Streamlit's own health endpoint answers 200 once the server is up (curl is not in the slim image).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

# .streamlit/config.toml sets headless, websocket compression, no file watcher, 2 MB uploads.
CMD ["streamlit", "run", "serve.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
