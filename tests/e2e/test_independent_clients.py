"""Three OAuth client libraries the server does not use play the brand against `coffre serve`.

requests-oauthlib, Authlib's requests client and oauth4webapi (Node, run with
the machine's node) each run discovery -> authorization code with PKCE S256,
the consumer consenting in Chromium -> RFC 9207 `iss` checked on the callback
-> token -> API read -> refresh -> the brand revokes its refresh token (RFC
7009) -> the access token dies with it and the refresh token is refused.
Each library is used as its documentation shows, with nothing patched.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session as AuthlibSession
from oauthlib.oauth2 import OAuth2Error
from requests_oauthlib import OAuth2Session

from tests.e2e.consumer import ASKED, CALLBACK, consent, registered_brand

CLIENTS = Path(__file__).parent / "clients"
PROFILE = "/api/v1/profile"
Consent = Callable[[str], str]


def checked_iss(callback: str, meta: dict) -> str:
    """The callback URL, once its `iss` is the issuer of the metadata (RFC 9207 §2.4)."""
    issued = parse_qs(urlsplit(callback).query).get("iss")
    if issued != [meta["issuer"]]:
        raise AssertionError(f"callback iss {issued} is not {meta['issuer']}")
    return callback


def with_requests_oauthlib(meta: dict, client: dict, agree: Consent) -> dict:
    """The flow with requests-oauthlib; what each step saw."""
    auth = (client["client_id"], client["client_secret"])
    brand = OAuth2Session(client["client_id"], redirect_uri=CALLBACK, scope=ASKED, pkce="S256")
    url, _state = brand.authorization_url(meta["authorization_endpoint"])
    callback = checked_iss(agree(url), meta)
    first = brand.fetch_token(meta["token_endpoint"], authorization_response=callback,
                              client_secret=client["client_secret"])
    steps = {"scope": set(first["scope"]), "read": brand.get(meta["issuer"] + PROFILE).status_code}
    brand.scope = first["scope"]  # a refresh asks for what was granted (RFC 6749 §6)
    renewed = brand.refresh_token(meta["token_endpoint"], auth=auth)
    steps["rotated"] = renewed["refresh_token"] != first["refresh_token"]
    steps["read_after_refresh"] = brand.get(meta["issuer"] + PROFILE).status_code
    requests.post(meta["revocation_endpoint"], auth=auth, timeout=10, data={
        "token": renewed["refresh_token"], "token_type_hint": "refresh_token"}).raise_for_status()
    steps["read_after_revocation"] = brand.get(meta["issuer"] + PROFILE).status_code
    try:
        brand.refresh_token(meta["token_endpoint"], auth=auth)
        steps["refresh_after_revocation"] = "accepted"
    except OAuth2Error as e:
        steps["refresh_after_revocation"] = e.error
    brand.close()
    return steps


def with_authlib(meta: dict, client: dict, agree: Consent) -> dict:
    """The flow with Authlib's requests client; what each step saw."""
    brand = AuthlibSession(client["client_id"], client["client_secret"], scope=" ".join(ASKED),
                           redirect_uri=CALLBACK, code_challenge_method="S256")
    verifier = generate_token(64)
    url, state = brand.create_authorization_url(meta["authorization_endpoint"],
                                                code_verifier=verifier)
    callback = checked_iss(agree(url), meta)
    first = brand.fetch_token(meta["token_endpoint"], authorization_response=callback,
                              state=state, code_verifier=verifier)
    steps = {"scope": set(first["scope"].split()),
             "read": brand.get(meta["issuer"] + PROFILE).status_code}
    brand.scope = first["scope"]  # as above: never more than was granted
    renewed = brand.refresh_token(meta["token_endpoint"])
    steps["rotated"] = renewed["refresh_token"] != first["refresh_token"]
    steps["read_after_refresh"] = brand.get(meta["issuer"] + PROFILE).status_code
    brand.revoke_token(meta["revocation_endpoint"], token=renewed["refresh_token"],
                       token_type_hint="refresh_token").raise_for_status()
    steps["read_after_revocation"] = brand.get(meta["issuer"] + PROFILE).status_code
    try:
        brand.refresh_token(meta["token_endpoint"], refresh_token=renewed["refresh_token"])
        steps["refresh_after_revocation"] = "accepted"
    except OAuthError as e:
        steps["refresh_after_revocation"] = e.error
    brand.close()
    return steps


def with_oauth4webapi(meta: dict, client: dict, agree: Consent) -> dict:
    """The flow with oauth4webapi in Node (clients/brand.mjs); what each step saw."""
    command = ["node", str(CLIENTS / "brand.mjs"), meta["issuer"], client["client_id"],
               client["client_secret"], CALLBACK, " ".join(ASKED)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as brand:
        try:
            url = json.loads(brand.stdout.readline())["authorize"]
            brand.stdin.write(agree(url) + "\n")
            brand.stdin.flush()
            steps = json.loads(brand.stdout.readline())["steps"]
            assert brand.wait(timeout=30) == 0, brand.stderr.read()
        except (json.JSONDecodeError, KeyError) as e:
            brand.kill()
            raise AssertionError(f"oauth4webapi brand failed: {brand.stderr.read()}") from e
    steps["scope"] = set(steps["scope"].split())
    return steps


@pytest.mark.parametrize("flow", [with_requests_oauthlib, with_authlib, with_oauth4webapi],
                         ids=["requests-oauthlib", "authlib", "oauth4webapi"])
def test_an_independent_client_runs_the_whole_flow(flow, live_server, page, monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1, tests only
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setenv("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")  # the consumer grants a subset
    meta, client = registered_brand(live_server, page, orders=5)

    steps = flow(meta, client, lambda url: consent(page, url))

    assert steps == {"scope": {"profile:read", "purchases:summary"}, "read": 200,
                     "rotated": True, "read_after_refresh": 200,
                     "read_after_revocation": 401, "refresh_after_revocation": "invalid_grant"}

