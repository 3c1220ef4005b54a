"""What did this brand receive? The consumer's export against what the brand's client got.

The vault is served by waitress on 127.0.0.1; the brand is an unmodified requests-oauthlib
OAuth2Session that the consumer allows in Chromium; the consumer then opens the brand's
"What it received" page and takes the export its download link names (fetched by the page
itself, in memory: no copy of it is left on disk).
"""

from __future__ import annotations

import hashlib
import json

import rfc8785
from playwright.sync_api import expect
from requests_oauthlib import OAuth2Session

from tests.e2e.consumer import ASKED, CALLBACK, consent, registered_brand

# The page fetches what its link names, as the browser would on a click, without saving it.
FETCH = """async href => {
  const answer = await fetch(href);
  return {status: answer.status, disposition: answer.headers.get("Content-Disposition"),
          text: await answer.text()};
}"""
READS = ["/api/v1/profile", "/api/v1/purchases/summary?months=6", "/api/v1/profile"]


def test_the_export_is_byte_for_byte_what_the_brands_client_received(live_server, page,
                                                                      monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1, tests only
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")  # the consumer grants a subset
    meta, client = registered_brand(live_server, page, orders=30)
    brand = OAuth2Session(client["client_id"], redirect_uri=CALLBACK, scope=ASKED,
                          pkce="S256")
    url, _state = brand.authorization_url(meta["authorization_endpoint"])
    brand.fetch_token(meta["token_endpoint"], authorization_response=consent(page, url),
                      client_secret=client["client_secret"])
    sent = []
    for path in READS:
        with brand.get(live_server.url + path) as response:
            assert response.status_code == 200, path
            sent.append(response.content)  # the very bytes the brand's client was given
    brand.close()

    page.goto(live_server.url + "/access/")
    page.get_by_role("link", name="What it received").click()
    expect(page.get_by_text("exactly as sent")).to_have_count(len(READS))
    download = page.get_by_role("link", name="Download as a file (JSON)")
    assert download.get_attribute("download") is not None
    exported = page.evaluate(FETCH, download.get_attribute("href"))
    assert exported["status"] == 200 and exported["disposition"].startswith("attachment")

    answers = json.loads(exported["text"])["answers"]
    assert [a["request"] for a in answers] == [f"GET {p.split('?')[0]}" for p in READS]
    assert all(a["as_sent"] for a in answers)
    assert [rfc8785.dumps(a["body"]) for a in answers] == [
        rfc8785.dumps(json.loads(body)) for body in sent]
    assert [a["body_sha256"] for a in answers] == [
        hashlib.sha256(body).hexdigest() for body in sent]
