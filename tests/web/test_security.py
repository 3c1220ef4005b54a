"""Request handling that keeps personal data off the disk."""

import io

from flask import request


def test_a_large_upload_stays_in_memory(app):
    body = b"orders," + b"x" * (2 * 1024 * 1024)  # well past Werkzeug's 500 KB spill size
    with app.test_request_context("/purchases/upload", method="POST",
                                  data={"file": (io.BytesIO(body), "achats.csv")},
                                  content_type="multipart/form-data"):
        stream = request.files["file"].stream
        assert isinstance(stream, io.BytesIO)
        assert stream.getvalue() == body
