"""Web UI and JSON API (FastAPI + Jinja2)."""
