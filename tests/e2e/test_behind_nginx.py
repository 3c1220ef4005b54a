"""A household behind Debian's nginx with TLS: two vaults, one `coffre serve` each on its own
Unix socket, in both layouts (a host name per person; one host with a path per person).

For each vault an unmodified requests-oauthlib client, checking certificates
against the test's CA, runs discovery (RFC 8414, the issuer being the HTTPS
public URL), the consumer consents in Chromium, and the brand gets a token,
reads the API and refreshes. One person's token is refused by the other's
vault; a client's own X-Forwarded-For is ignored while nginx's is used. The
test names resolve to 127.0.0.1 inside this test only (never through DNS).
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from requests.adapters import HTTPAdapter
from requests_oauthlib import OAuth2Session

from tests.conftest import CHROMIUM_ARGS, PASSPHRASE, TEST_COST, free_port
from tests.e2e import nginx
from tests.e2e.consumer import ASKED, CALLBACK, call, consent, invite, register, sign_in
from tests.web.cli.helpers import run
from vault import demo, lifecycle
from vault.provenance import utcnow

PEOPLE = ("alice", "bob")
LAYOUTS = {"hosts": "https://{who}.home.example:{port}", "paths": "https://home.example:{port}/{who}"}


def discovery(issuer: str) -> str:
    """RFC 8414 section 3.1: the well-known path goes between the host and the issuer's path."""
    parts = urlsplit(issuer)
    return f"https://{parts.netloc}/.well-known/oauth-authorization-server{parts.path}"


def spki(pem: bytes) -> str:
    """The base64 SHA-256 of a certificate's public key, as Chromium names a trusted key."""
    key = x509.load_pem_x509_certificate(pem).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(key).digest()).decode()


@pytest.fixture(params=list(LAYOUTS))
def household(request, tmp_path, monkeypatch):
    """Alice's and Bob's vaults behind nginx in one layout: their issuers, and the CA file."""
    monkeypatch.setattr(socket, "getaddrinfo", nginx.resolving_home_example(socket.getaddrinfo))
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")  # the consumer grants a subset
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # they would win over session.verify
        monkeypatch.delenv(name, raising=False)
    ca = nginx.certificates(tmp_path)
    port = free_port()
    issuers = {who: LAYOUTS[request.param].format(who=who, port=port) for who in PEOPLE}
    with nginx.nginx(request.param, tmp_path, port), \
            nginx.vault(*_vault(tmp_path, "alice"), issuers["alice"], PASSPHRASE), \
            nginx.vault(*_vault(tmp_path, "bob"), issuers["bob"], PASSPHRASE):
        yield issuers, str(tmp_path / "ca.pem"), ca


def _vault(tmp_path, who):
    folder = tmp_path / who
    store, _code = lifecycle.create(folder, PASSPHRASE, cost=TEST_COST)
    demo.populate(store, today=utcnow().date(), orders_count=20)
    store.close()
    return folder, nginx.free_unix_path(tmp_path, who)


@pytest.fixture
def trusting_page(browser, household):
    """A Chromium page mapping the test names to 127.0.0.1 and trusting the test's key only."""
    _issuers, ca_file, _ca = household
    server_pem = (nginx.Path(ca_file).parent / "ssl" / "home.example.pem").read_bytes()
    rules = ", ".join(f"MAP {name} 127.0.0.1" for name in nginx.NAMES)
    own = browser.browser_type.launch(executable_path="/usr/bin/chromium", args=[
        *CHROMIUM_ARGS, f"--host-resolver-rules={rules}",
        f"--ignore-certificate-errors-spki-list={spki(server_pem)}"])
    context = own.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    own.close()


def brand_reads(page, issuer: str, ca_file: str) -> OAuth2Session:
    """Discovery, consent in Chromium, token, an API read and a refresh, all over HTTPS."""
    sign_in(page, issuer)
    meta = requests.get(discovery(issuer), timeout=10, verify=ca_file).json()
    assert meta["issuer"] == issuer and meta["token_endpoint"] == issuer + "/oauth/token"
    client = register(meta["registration_endpoint"], invite(page, issuer), verify=ca_file)
    brand = OAuth2Session(client["client_id"], redirect_uri=CALLBACK, scope=ASKED, pkce="S256")
    brand.verify = ca_file
    url, _state = brand.authorization_url(meta["authorization_endpoint"])
    callback = consent(page, url)
    assert parse_qs(urlsplit(callback).query)["iss"] == [issuer]
    token = brand.fetch_token(meta["token_endpoint"], authorization_response=callback,
                              client_secret=client["client_secret"])
    status, body, _ = call(brand, issuer + "/api/v1/profile")
    assert status == 200 and body["age_band"]
    brand.scope = token["scope"]
    renewed = brand.refresh_token(meta["token_endpoint"],
                                  auth=(client["client_id"], client["client_secret"]))
    assert renewed["refresh_token"] != token["refresh_token"]
    assert call(brand, issuer + "/api/v1/profile")[0] == 200
    return brand


class From(HTTPAdapter):
    """Connections from a given loopback address (127.0.0.2, 127.0.0.3…)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def wrong_sign_in(address: str, issuer: str, ca_file: str, **headers: str) -> int:
    """One sign-in with a wrong passphrase from `address`: the status it gets."""
    with requests.Session() as http:
        http.verify = ca_file
        http.mount("https://", From(address))
        page = http.get(issuer + "/sign-in", timeout=10, headers=headers)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
        response = http.post(issuer + "/sign-in", timeout=10, headers=headers, data={
            "csrf_token": csrf.group(1), "passphrase": "not the passphrase"})
        return response.status_code


def test_a_household_behind_nginx(household, trusting_page, tmp_path):
    issuers, ca_file, _ca = household
    brands = {who: brand_reads(trusting_page, issuers[who], ca_file) for who in PEOPLE}

    status, _, challenge = call(brands["alice"], issuers["bob"] + "/api/v1/profile")
    assert status == 401 and 'error="invalid_token"' in challenge

    spoofed = {"X-Forwarded-For": "127.0.0.3"}
    statuses = [wrong_sign_in("127.0.0.2", issuers["alice"], ca_file, **spoofed)
                for _ in range(6)]
    assert statuses[0] == 403 and statuses[-1] == 429  # 127.0.0.2 is slowed down…
    assert wrong_sign_in("127.0.0.3", issuers["alice"], ca_file) == 403  # …not 127.0.0.3
    for brand in brands.values():
        brand.close()

    # `coffre doctor` reaches Alice's vault through nginx, over HTTPS, as Alice's.
    doctor = run("--vault", str(tmp_path / "alice"), "doctor", passphrase=None,
                 COFFRE_PUBLIC_URL=issuers["alice"], SSL_CERT_FILE=ca_file)
    assert f"ok  {issuers['alice']} reaches this vault (unlocked)." in doctor.output
