"""How waitress serves the app: the options `coffre serve` (and the tests' server) use.

waitress keeps a request body in memory only up to `inbuf_overflow` (512 KB by
default) and writes anything larger to a temporary file: an uploaded purchase
history would then lie on disk in clear. Here every body the app accepts
(up to MAX_CONTENT_LENGTH) stays in memory, and waitress itself refuses a
larger one (413) before reading it. Responses are likewise kept in memory:
waitress pauses the app at `outbuf_high_watermark`, below the overflow.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

OUTBUF_HIGH_WATERMARK = 16 * 1024 * 1024  # waitress's default


def options(app: Flask) -> dict[str, Any]:
    """waitress's settings for serving `app` (keyword arguments of `waitress.serve`)."""
    limit = int(app.config["MAX_CONTENT_LENGTH"]) + 1  # waitress refuses a body >= its limit
    return {"ident": "coffre", "max_request_body_size": limit, "inbuf_overflow": limit,
            "outbuf_high_watermark": OUTBUF_HIGH_WATERMARK,
            "outbuf_overflow": 2 * OUTBUF_HIGH_WATERMARK}
