"""The app as `coffre serve` serves it (waitress on 127.0.0.1): what the server itself does."""

from __future__ import annotations

import http.client
import os

import pytest
import requests

from tests.conftest import PASSPHRASE, LiveServer, app_config
from tests.web.oauth.helpers import add_brand, bearer, direct_token
from vault import audit
from web import create_app

HEADER = ("merchant,merchant_order_id,ordered_at,tz,channel,currency,"
          "item_name,item_brand,item_category,quantity,unit_price\n")


def deleted_files() -> set[str]:
    """What this process holds open that no longer has a name: temporary files."""
    held = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed between listing and reading
        if target.endswith(" (deleted)"):
            held.add(target)
    return held


class Watching:
    """The served app, noting the temporary files the server holds when a request reaches it.

    waitress hands a request to the app only once it has read the whole body, so
    this is the moment the body is held: in memory, or in a temporary file.
    """

    def __init__(self, app):
        self.app = app
        self.seen: list[set[str]] = []

    def __call__(self, environ, start_response):
        self.seen.append(deleted_files())
        return self.app(environ, start_response)


@pytest.fixture
def served(folder, clock):
    """An unlocked vault served by waitress as `coffre serve` does, CSRF off, watched."""
    app = create_app(app_config(folder, TESTING=False, PUBLIC_URL=None, CLOCK=clock))
    app.extensions["coffre"].create(PASSPHRASE)
    watched = Watching(app.wsgi_app)
    app.wsgi_app = watched
    with LiveServer(app) as server:
        yield server, watched
    app.extensions["coffre"].lock()


def test_a_large_upload_never_touches_the_disk(served):
    server, watched = served
    rows = "".join(f"Librairie du Centre,L-{n},2025-03-14T10:30:00,Europe/Paris,web,EUR,"
                   f"Journal intime de Camille {n},,books,1,21.50\n" for n in range(6000))
    assert len(HEADER + rows) > 512 * 1024  # over waitress's default in-memory limit
    before = deleted_files()
    browser = requests.Session()
    assert browser.post(f"{server.url}/sign-in", data={"passphrase": PASSPHRASE},
                        allow_redirects=False).status_code == 302

    response = browser.post(f"{server.url}/purchases/imports/new", data={"format": "auto"},
                            files={"file": ("orders.csv", HEADER + rows, "text/csv")},
                            allow_redirects=False)
    started = browser.post(f"{server.url}/purchases/imports/preview", data={"start": "1"},
                           allow_redirects=False)
    job = server.app.extensions["coffre"].job
    job.thread.join(timeout=60)

    assert response.status_code == started.status_code == 302
    assert job.report.counts.added == 6000
    assert "orders.csv is imported" in browser.get(f"{server.url}/purchases/imports/job").text
    assert all(held <= before for held in watched.seen)


def test_a_body_over_the_limit_is_refused_before_it_is_read(served):
    server, watched = served
    before = deleted_files()
    too_large = b"x" * (server.app.config["MAX_CONTENT_LENGTH"] + 1)

    response = requests.post(f"{server.url}/purchases/imports/new", data=too_large,
                             headers={"Content-Type": "text/csv"})

    assert response.status_code == 413
    assert watched.seen == [] and deleted_files() <= before  # the app never saw it


def get_with_host(server: LiveServer, path: str, host: str) -> tuple[int, str, str]:
    """GET `path` from the server with this Host header: status, content type, body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read().decode()
    finally:
        connection.close()


def test_the_issuer_and_every_metadata_url_come_from_the_public_url(served):
    server, _ = served
    metadata = requests.get(f"{server.url}/.well-known/oauth-authorization-server").json()

    assert metadata["issuer"] == server.url
    urls = [v for k, v in metadata.items() if k.endswith(("_endpoint", "documentation"))]
    assert len(urls) == 6 and all(u.startswith(server.url + "/") for u in urls)


@pytest.mark.parametrize("path, kind", [("/.well-known/oauth-authorization-server", "json"),
                                        ("/api/openapi.json", "json"), ("/sign-in", "html")])
def test_a_request_for_another_host_is_refused(served, path, kind):
    server, _ = served
    status, content_type, body = get_with_host(server, path, "evil.example")

    assert status == 400 and kind in content_type
    assert "evil.example" not in body  # no link to it, nothing built on it
    assert f"served at {server.url} only" in body
    assert get_with_host(server, path, f"127.0.0.1:{server.port}")[0] == 200


def test_a_304_leaves_the_brands_connection_open_for_its_next_call(served):
    server, _ = served
    store = server.app.extensions["coffre"].require()
    headers = bearer(direct_token(store, add_brand(store), {"purchases:read"}))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)

    def get(extra: dict) -> http.client.HTTPResponse:
        conn.request("GET", "/api/v1/purchases", headers={**headers, **extra})
        response = conn.getresponse()
        response.read()
        return response

    tag = get({}).getheader("ETag")
    first_socket = conn.sock
    not_modified = get({"If-None-Match": tag})
    after = get({})
    last_socket = conn.sock
    conn.close()

    assert not_modified.status == 304 and not_modified.getheader("Connection") is None
    assert not not_modified.will_close
    assert after.status == 200 and last_socket is first_socket  # never closed nor reopened
    assert [e.outcome for e in audit.recent(store, limit=3)] == ["allowed"] * 3


def test_a_304_asked_to_close_still_closes(served):
    server, _ = served
    store = server.app.extensions["coffre"].require()
    headers = bearer(direct_token(store, add_brand(store), {"purchases:read"}))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/api/v1/purchases", headers=headers)
    tag = conn.getresponse().getheader("ETag")
    conn.close()

    conn.request("GET", "/api/v1/purchases",
                 headers={**headers, "If-None-Match": tag, "Connection": "close"})
    closing = conn.getresponse()
    conn.close()

    assert closing.status == 304 and closing.getheader("Connection") == "close"
