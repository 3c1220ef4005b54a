"""`/healthz`: is the server up, is the vault locked, which schema; nothing personal, no write.

For a reverse proxy's or a supervisor's health check, and for `coffre doctor`
(through the public URL). It reads only what the server holds in memory: no
database access, no session, no key.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request

from vault import migrations
from web import runtime

bp = Blueprint("health", __name__)
CODE_SCHEMA = migrations.latest()  # read once: the code does not change under a running server


@bp.get("/healthz")
def healthz():
    """Up; the vault absent, locked or unlocked; its schema version and this code's."""
    rt = runtime.current()
    state = "unlocked" if rt.unlocked else "locked" if rt.exists() else "absent"
    # `https`: whether this request reached the app as HTTPS, so that `coffre doctor` can
    # tell a proxy that does not forward the scheme (X-Forwarded-Proto, proxy_hops).
    return jsonify({"status": "up", "vault": state, "https": request.is_secure,
                    "schema": {"vault": rt.schema_version, "code": CODE_SCHEMA}})


def init_app(app: Flask) -> None:
    """Register /healthz."""
    app.register_blueprint(bp)
