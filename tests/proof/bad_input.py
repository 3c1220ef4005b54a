"""Bad input: hundreds of hostile requests, each refused clearly, storing nothing, leaking nothing.

The catalogue (tests/proof/bad_cases.py) is generated from small tables and
sent to `coffre serve`, each case from its own loopback address (so no
throttle answers in its stead). Each answer must be a 4xx in its surface's
format — RFC 9457 problem+json on /api, RFC 6749 JSON on the OAuth endpoints,
a page saying what went wrong elsewhere — with no stack trace, no secret and
nothing of another brand in it. A reader connection in this process watches
the vault: after each case every table but the access log must be as before
(a refused API call is logged, by design); once the server has stopped, the
whole vault is compared again. Then stored XSS (tests/proof/stored_xss.py) and
Schemathesis over the OpenAPI document (tests/proof/schema_fuzz.py).
"""

from __future__ import annotations

import base64
import http.client
import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent import inbox
from tests.conftest import PASSPHRASE, snapshot
from tests.proof import bad_cases, harness, schema_fuzz, stored_xss
from tests.proof.bad_cases import API, OAUTH, PAGE, Case
from tests.proof.load import offer
from tests.proof.result import Result
from vault import brands, codes, grants, invitations, lifecycle, tokens
from vault.scopes import SCOPES
from vault.store import Store

ALL = frozenset(SCOPES)
LEAKS = re.compile(r"Traceback|File \"/|sqlcipher|sqlite3\.|OperationalError|werkzeug\.debug")
PREVIEW = "/purchases/imports/preview"  # where an upload held for its preview is sent on
PAGE_MESSAGE = re.compile(r'class="error|error-page|role="alert"')
SHORT_EVERY = 5  # the short form sends every 5th case
WAITRESS_413 = "Request Entity Too Large"
OVERSIZE = 1 << 20  # bodies larger than this are announced whole but sent in part
# RFC 6749 5.2, RFC 7591 3.2.2, RFC 7009 2.2.1, RFC 6750 3.1: the codes a client can act on.
OAUTH_ERRORS = {"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                "unsupported_grant_type", "invalid_scope", "invalid_redirect_uri",
                "invalid_client_metadata", "unsupported_token_type", "invalid_token",
                "temporarily_unavailable", "access_denied"}


@dataclass
class World:
    """The vault's cast: credentials of every kind, ids, and the strings that must never leak."""

    main: harness.Brand
    values: dict[str, str] = field(default_factory=dict)  # placeholders in cases
    credentials: dict[str, str] = field(default_factory=dict)  # who -> Authorization value
    secrets: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # other brands' names and client ids
    caller_other: list[str] = field(default_factory=list)  # "other"'s own, when it calls


def build(folder: Path) -> World:
    """A demo vault with the main brand and the others a case needs; its credentials."""
    now = datetime.now(UTC)
    [main] = harness.build(folder, brand_count=1, scopes=ALL, orders=30, now=now)
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    try:
        return _cast(store, main, now)
    finally:
        store.close()


def _cast(store: Store, main: harness.Brand, now: datetime) -> World:
    world = World(main)
    other = harness.mint(store, "Marque Autre", ALL, now=now)
    minted = {who: harness.mint(store, f"Marque {who}", ALL, now=now)
              for who in ("paused", "revoked", "blocked", "expired")}
    narrow = harness.mint(store, "Marque Étroite", frozenset({"offers:write"}), now=now)
    for who, action in (("paused", grants.pause), ("revoked", grants.revoke)):
        action(store, grant_of(store, minted[who].id), now=now)
    brands.block(store, minted["blocked"].id, now=now)
    expired = _token(store, minted["expired"].id, "access", now - timedelta(days=2),
                     now - timedelta(days=1))
    refresh = _token(store, main.id, "refresh", now, harness.FAR)
    other_refresh = _token(store, other.id, "refresh", now, harness.FAR)
    code = tokens.new_value()
    codes.issue(store, code, brand_id=main.id, grant_id=grant_of(store, main.id),
                redirect_uri=bad_cases.REDIRECT, scopes=ALL, challenge="c" * 43,
                challenge_method="S256", now=now)
    world.values = {
        "own_offer": str(_offer(store, main, now)), "other_offer": str(_offer(store, other, now)),
        "refresh": refresh, "other_refresh": other_refresh, "access": main.token, "code": code,
        "client_id": main.client_id, "other_client_id": other.client_id,
        "blocked_client_id": minted["blocked"].client_id,
    }
    bearer = {"brand": main.token, "forged": tokens.new_value(), "expired": expired,
              "refresh": refresh, "other": other.token, "narrow": narrow.token,
              "other_named": other.token, **{w: minted[w].token for w in minted if w != "expired"}}
    world.credentials = {who: f"Bearer {value}" for who, value in bearer.items()}
    world.credentials.update({
        "basic": "Basic " + _basic(main.client_id, main.secret), "bearer_empty": "Bearer ",
        "bearer_two": f"Bearer {main.token} {main.token}", "lowercase_forged": "bearer forged",
        "client": "Basic " + _basic(main.client_id, main.secret),
        "client_wrong_secret": "Basic " + _basic(main.client_id, "wrong"),
        "client_other_client": "Basic " + _basic(other.client_id, "wrong"),
        "client_basic_garbage": "Basic //46/w==",
        "invite": "Bearer " + invitations.create(store, now=now),
        "invite_forged": "Bearer " + tokens.new_value(),
        "invite_access_token": f"Bearer {main.token}",
    })
    world.secrets = [PASSPHRASE, main.secret, other.secret, refresh, other_refresh, code,
                     *bearer.values(), *(b.secret for b in minted.values())]
    world.others = [other.name, other.client_id, *(b.client_id for b in minted.values())]
    world.caller_other = [other.name, other.client_id]
    return world


def grant_of(store: Store, brand_id: int) -> int:
    """The id of the brand's one grant."""
    return store.value("select id from grants where brand_id = ?", (brand_id,))


def _token(store: Store, brand_id: int, kind: str, issued: datetime, expires: datetime) -> str:
    grant_id = grant_of(store, brand_id)
    family = store.value("select family from tokens where grant_id = ? limit 1", (grant_id,))
    value = tokens.new_value()
    tokens.issue(store, value, kind=kind, brand_id=brand_id, grant_id=grant_id, family=family,
                 scopes=ALL, now=issued, expires_at=expires)
    return value


def _offer(store: Store, brand: harness.Brand, now: datetime) -> int:
    source = inbox.OfferSource(brand.name, brand.id, grant_of(store, brand.id), None)
    return inbox.receive(store, offer(brand.name, f"bad-input {brand.id}", now), source=source,
                         now=now)


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


class Sender:
    """Sends cases to the server, each from its own loopback address, the consumer's as given."""

    def __init__(self, served: harness.Served, world: World):
        self.served, self.world, self.n = served, world, 0
        self.consumer = harness.Browser(served.port, "127.0.0.3")
        if self.consumer.passphrase("/sign-in", PASSPHRASE) != 302:
            raise RuntimeError("the consumer could not sign in")
        _, page = self.consumer.request("GET", "/intents")
        self.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def fill(self, text: str) -> str:
        for name, value in {**self.world.values, "csrf": self.csrf}.items():
            text = text.replace("{" + name + "}", value).replace(f"%7B{name}%7D", value)
        return text

    def send(self, case: Case) -> tuple[int, str, str, dict]:
        """The status, content type, body and headers of the server's answer to `case`."""
        self.n += 1
        source = f"127.1.{self.n // 250}.{self.n % 250 + 1}"
        headers = dict(case.headers)
        if case.content_type:
            headers["Content-Type"] = case.content_type
        credential = self.world.credentials.get(case.who)
        if credential:
            headers["Authorization"] = credential
        if case.who.startswith("consumer"):
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.consumer.cookies.items())
        path = self.fill(case.path)
        if case.who == "in_url":
            path += ("&" if "?" in path else "?") + "access_token=" + self.world.main.token
        body = self.fill(case.body.decode("latin-1")).encode("latin-1") if case.body else None
        conn = harness.connect(self.served.port, source=source)
        try:
            if case.chunked:
                conn.request(case.method, path, body=iter([body[i:i + 65536] for i in range(
                    0, len(body), 65536)]), headers=headers, encode_chunked=True)
            elif body and len(body) > OVERSIZE:
                _announce(conn, case.method, path, headers, body)
            else:
                conn.request(case.method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            if case.previewed and response.status == 302 and response.getheader(
                    "Location", "").endswith(PREVIEW):
                return self.send(replace(case, method="GET", path=PREVIEW, body=None,
                                         content_type=None, previewed=False))
            return response.status, response.getheader("Content-Type", ""), text, dict(
                response.getheaders())
        except (OSError, http.client.HTTPException) as e:
            return 599, "", f"{type(e).__name__}: {e}", {}
        finally:
            conn.close()


def _announce(conn: http.client.HTTPConnection, method: str, path: str, headers: dict,
              body: bytes) -> None:
    """Announce all of an oversized body but send only its start: the server should not wait."""
    conn.putrequest(method, path)
    for name, value in {**headers, "Content-Length": str(len(body))}.items():
        conn.putheader(name, value)
    conn.endheaders(body[:65536])


def judge(case: Case, status: int, kind: str, body: str, headers: dict, world: World) -> str | None:
    """What is wrong with the answer to `case`, or None."""
    if case.empty:
        return _empty(status, body)
    if case.returned:
        return _returned(status, headers)
    if status == 413 and WAITRESS_413 in body:
        return None  # beyond MAX_CONTENT_LENGTH: refused by waitress before the app reads it
    if not 400 <= status < 500:
        return f"status {status}: {body[:160]!r}"
    if "Location" in headers:
        return f"redirects to {headers['Location'][:80]}"
    if LEAKS.search(body):
        return f"a stack trace or driver error: {body[:160]!r}"
    leaked = next((s for s in world.secrets if s in body), None)
    if leaked:
        return "a secret in the answer"
    if case.surface != PAGE and any(o in body for o in world.others
                                    if case.who != "other" or o not in world.caller_other):
        return f"another brand's data: {body[:160]!r}"
    return _format(case, status, kind, body)


def _format(case: Case, status: int, kind: str, body: str) -> str | None:
    if case.surface == PAGE:
        if not kind.startswith("text/html") or not PAGE_MESSAGE.search(body):
            return f"no page with a message ({kind}): {body[:160]!r}"
        return None
    try:
        answer = json.loads(body)
    except ValueError:
        return f"not JSON ({kind}): {body[:160]!r}"
    if case.surface == API and (not kind.startswith("application/problem+json")
                                or answer.get("status") != status or not answer.get("title")):
        return f"not RFC 9457 problem JSON ({kind}): {body[:160]!r}"
    if case.surface == OAUTH and answer.get("error") not in OAUTH_ERRORS:
        return f"not an RFC 6749 error: {body[:160]!r}"
    return None


def _returned(status: int, headers: dict) -> str | None:
    """An authorization error for a verified brand: back to its redirect URI with `error`."""
    location = headers.get("Location", "")
    if status not in (302, 303) or not location.startswith(bad_cases.REDIRECT + "?") \
            or "error=" not in location:
        return f"status {status}, Location {location[:100]!r}"
    return None


def _empty(status: int, body: str) -> str | None:
    """An `empty` case: an API filter that matches nothing."""
    if status != 200 or json.loads(body).get("orders") != []:
        return f"status {status}, gave out {body[:160]!r}"
    return None


class Watch:
    """A reader connection on the served vault: what changed, access log aside, since last look."""

    def __init__(self, folder: Path):
        self.store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
        self.version = self._version()
        self.rows = _kept(snapshot(self.store))

    def _version(self) -> int:
        return self.store.value("pragma data_version")

    def changed(self) -> list[str]:
        """The tables that changed since the last call."""
        version = self._version()
        if version == self.version:
            return []
        self.version = version
        rows = _kept(snapshot(self.store))
        tables = [t for t in rows if rows[t] != self.rows.get(t)]
        self.rows = rows
        return tables

    def close(self) -> None:
        self.store.close()


def _kept(rows: dict) -> dict:
    # The access log records each refusal and each answer (with what it held), with its leaf
    # and signed head in the transparency log (and how far the journal was folded into it);
    # the vault's own events record the server unlocking, signing in and locking.
    return {t: r for t, r in rows.items()
            if t not in ("access_log", "access_held", "vault_events", "log_nodes",
                         "tree_heads", "journal_marks")}


def run_catalogue(result: Result, work: Path, folder: Path, world: World,
                  cases: list[Case]) -> None:
    """Send every case; note each wrong answer and each case that stored something."""
    before = snapshot_of(folder)
    with harness.serve(folder, work) as served:
        sender, watch = Sender(served, world), Watch(folder)
        try:
            for case in cases:
                status, kind, body, headers = sender.send(case)
                wrong = judge(case, status, kind, body, headers, world)
                if wrong:
                    result.fail(f"{case.name}: {wrong}")
                changed = watch.changed()
                if changed:
                    result.fail(f"{case.name}: stored something in {', '.join(changed)}")
        finally:
            watch.close()
        result.requests = sender.n
    after = snapshot_of(folder)
    changed = [t for t in before if before[t] != after.get(t)]
    if changed:
        result.fail(f"the vault changed after the run: {', '.join(changed)}")
    traversed = Path("/tmp/coffre-pwned.csv")
    if traversed.exists():
        result.fail(f"an upload's name wrote {traversed}")


def snapshot_of(folder: Path) -> dict:
    """Every table but the access log, read from the vault on disk."""
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    try:
        return _kept(snapshot(store))
    finally:
        store.close()


def run(work: Path, *, long: bool) -> Result:
    """The campaign: the whole catalogue (long) or every 5th case (short); XSS; Schemathesis."""
    result = Result("bad input")
    folder = work / "bad-vault"
    world = build(folder)
    cases = bad_cases.catalogue()
    sent = cases if long else cases[::SHORT_EVERY]
    result.cases = len(sent)
    result.details.append(f"catalogue: {len(cases)} cases, {len(sent)} sent")
    run_catalogue(result, work, folder, world, sent)
    invites = stored_xss.invite(folder, len(stored_xss.PAYLOADS))
    with harness.serve(folder, work) as served:
        stored_xss.run(result, served, world.main, invites, long=long)
        schema_fuzz.run(result, served, world.main.token, long=long)
    return result
