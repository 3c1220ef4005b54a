"""The bad-input catalogue: cases generated from small tables, each a request that must be refused.

A case names its surface (the answer's format), a request, and who sends it:
`brand` (a live token holding every scope), `other`, `paused`, `revoked`,
`expired`, `blocked`, `forged`, `refresh`, `none` (no credential), or
`consumer` (the signed-in session, its CSRF token put in for `{csrf}`).
Every case must get a 4xx, except `empty` ones (a 200 that gives out nothing)
and `returned` ones (an authorization error redirected to the registered URI).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

from tests.proof.load import receipt

API, OAUTH, PAGE = "api", "oauth", "page"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
REDIRECT = "https://brand.example/cb"


@dataclass(frozen=True)
class Case:
    """One request the server must refuse (or, when `empty`, answer with nothing in it)."""

    name: str
    surface: str
    method: str
    path: str
    body: bytes | None = None
    content_type: str | None = None
    who: str = "brand"
    headers: tuple[tuple[str, str], ...] = ()
    chunked: bool = False
    empty: bool = False  # an API filter that must match nothing: 200 with no orders
    returned: bool = False  # an authorization error sent back to the brand's redirect URI
    # An upload the import holds in memory for its preview: it may be sent on to the preview
    # page, which must then refuse it (the answer judged is the preview's).
    previewed: bool = False


INJECTIONS = ("' OR '1'='1", "1; DROP TABLE orders; --", "\" UNION SELECT * FROM tokens --",
              "<script>window.__xss=1</script>", "\"><img src=x onerror=alert(1)>",
              "javascript:alert(1)", "{{7*7}}", "../../../../etc/passwd")
INVISIBLE = ("Mollat \u202eLIAM-E\u202c", "Mollat\u200b", "\ufeffMollat", "Mol\u2066lat\u2069",
             "Mollat\u2028x", "Mollat\u00ad")
# Documents that are not one plain JSON object.
NOT_JSON = {
    "empty body": b"", "truncated": b'{"title": "a"', "trailing comma": b'{"a": 1,}',
    "single quotes": b"{'a': 1}", "bare word": b"nul", "trailing garbage": b'{"a": 1} x',
    "array": b"[]", "string": b'"offer"', "number": b"5", "null": b"null",
    "deep arrays": b"[" * 5000 + b"]" * 5000, "deep objects": b'{"a":' * 3000 + b"1" + b"}" * 3000,
    "33 levels": b'{"a":' * 33 + b"1" + b"}" * 33, "NaN": b'{"price": NaN}',
    "Infinity": b'{"price": -Infinity}', "1e400": b'{"price": 1e400}',
    "invalid UTF-8": b'{"title": "\xff\xfe\xc3"}', "lone surrogate": b'{"title": "\\ud800"}',
    "UTF-16": '{"title": "a"}'.encode("utf-16"), "NUL byte": b'{"title": "a\x00"}',
    "comment": b'{"a": 1 /* x */}', "binary": bytes(range(256)),
}
WRONG_TYPES = ("text/plain", "application/xml", FORM, "multipart/form-data; boundary=x",
               "application/octet-stream", None)


_ORDER_IDS = itertools.count()


def _at(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def _offer(**changes) -> dict:
    """A valid offer for the main brand, with `changes` (a value of ... removes the field)."""
    base = {"brand": "Marque 00", "title": "Un roman", "category": "books", "channel": "email",
            "language": "fr", "price": "19.90", "currency": "EUR", "valid_until": _at(10)}
    return {k: v for k, v in {**base, **changes}.items() if v is not ...}


def _receipt(**changes) -> dict:
    base = receipt(f"bad-input-{next(_ORDER_IDS)}", datetime.now(UTC))  # a Conflict hides nothing
    return {k: v for k, v in {**base, **changes}.items() if v is not ...}


def _item(**changes) -> dict:
    base = {"name": "Carnet", "quantity": 1, "unit_price": "4.50", "category": "books"}
    return _receipt(items=[{k: v for k, v in {**base, **changes}.items() if v is not ...}])


def _j(value: object) -> bytes:
    return json.dumps(value).encode()


# Offer fields and values each refused there.
OFFER_VALUES = {
    "title": [None, "", 5, ["a"], {"a": 1}, True, "x" * 121, "a\x07b", *INVISIBLE],
    "description": [5, "x" * 2001, "a\x1bb", "Lisez\u202e"],
    "brand": [5, "x" * 101, "Marque\u200d00"],
    "category": [5, "", ["books"], "x" * 61],
    "channel": ["pigeon", "", 1, *INJECTIONS[:3]],
    "language": ["français", "f", 12, "fr-FR-x-" + "a" * 40, INJECTIONS[0]],
    "price": ["-1", -5, "abc", "1e999", 10**30, "12,50,1", "", [1], "0x10"],
    "currency": ["EURO", "eu", "€", 978, "", INJECTIONS[1]],
    "discount_percent": [-1, 101, 1e30, "twenty", True],
    "valid_until": ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59Z",
                    "2025-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2025-01-01T25:00:00Z",
                    "yesterday", "", 1735689600, INJECTIONS[0]],
    "valid_from": ["9999-12-31T23:00:00+00:00", "not a date", 0],
    "place": ["Paris", {"lat": 91}, {"lon": -181}, {"radius_km": -1}, {}, {"city": "x" * 101},
              {"planet": "Mars"}],
    "signature": ["not base64", 5],
    "unknown_field": ["x"],
}
RECEIPT_VALUES = {
    "merchant_order_id": [5, ["a"], "x" * 101, "a\nb"],
    "ordered_at": ["1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                   _at(3), "2025-02-29T10:00:00+01:00", "2025-03-14T10:00:00", "", 0,
                   "2025-03-14T10:00:00+25:00", INJECTIONS[1]],
    "currency": ["EURO", "", 978, "e"],
    "channel": ["pigeon", 7, None],
    "tz": ["Mars/Olympus", "../../etc/localtime", 5],
    "items": [[], "Carnet", {}, [5], [None], [{}] * 2, [{"name": "a"}] * 1001],
}
ITEM_VALUES = {
    "name": [None, "", 5, "x" * 201, "a\x00b"],
    "quantity": [0, -1, 100_001, 1.5, 10**20, -(2**63)],
    "unit_price": ["-1", "abc", "1e999", "4,50,0", "", "99999999999999"],
    "unit_price_minor": [-1, 10**13, 2**64, "-12"],
    "category": [None, "", 5],
    "brand": [5, "x" * 101],
}
QUERIES = {
    "/api/v1/purchases": ["limit=0", "limit=-1", "limit=501", "limit=abc", "limit=1e3",
                          "limit=99999999999999999999999", "since=2025-02-30", "since=0000-01-01",
                          "until=10000-01-01", "since=2025-13-01", "since=" + quote(INJECTIONS[0]),
                          "cursor=abc", "cursor=" + quote(INJECTIONS[1]), "cursor=MjAyNXwtMQ",
                          "merchant=" + "x" * 101, "category=" + "x" * 200,
                          "since=" + quote("2025-01-01\u202e")],
    "/api/v1/purchases/summary": ["months=0", "months=37", "months=-1", "months=abc",
                                  "months=1e2", "months=99999999999999999999"],
}
GETS = ("/api/v1/profile", "/api/v1/purchases", "/api/v1/purchases/summary",
        "/api/v1/preferences", "/api/v1/intents", "/api/v1/grant")
TOKENS = ("none", "forged", "expired", "revoked", "paused", "blocked", "refresh", "in_url",
          "basic", "bearer_empty", "bearer_two", "lowercase_forged")


def api_bodies() -> Iterator[Case]:
    """Each POST endpoint with documents that are not JSON objects, and wrong content types."""
    for path, valid in (("/api/v1/offers", _offer()), ("/api/v1/purchases", _receipt())):
        for what, body in NOT_JSON.items():
            yield Case(f"{path} {what}", API, "POST", path, body, JSON)
        for kind in WRONG_TYPES:
            yield Case(f"{path} as {kind}", API, "POST", path, _j(valid), kind)
        yield Case(f"{path} duplicated key", API, "POST", path,
                   _j(valid)[:-1] + b', "currency": "USD", "currency": "EUR"}', JSON)
        yield Case(f"{path} chunked, not JSON", API, "POST", path, b"{" * 40, JSON, chunked=True)
        yield Case(f"{path} 9 MB", API, "POST", path, b'{"a": "' + b"x" * (9 << 20) + b'"}',
                   JSON)
        yield Case(f"{path} 9 MB chunked", API, "POST", path, b" " * (9 << 20), JSON,
                   chunked=True)
    yield Case("offer of 17 kB", API, "POST", "/api/v1/offers",
               _j(_offer(description="x" * 17000)), JSON)


def api_fields() -> Iterator[Case]:
    """Every field of an offer and a receipt with values refused there."""
    for table, make, path in ((OFFER_VALUES, _offer, "/api/v1/offers"),
                              (RECEIPT_VALUES, _receipt, "/api/v1/purchases"),
                              (ITEM_VALUES, _item, "/api/v1/purchases")):
        for field, values in table.items():
            for n, value in enumerate(values):
                yield Case(f"{path} {field}[{n}]={str(value)[:30]!r}", API, "POST", path,
                           _j(make(**{field: value})), JSON)
    for field in ("title", "channel", "valid_until", "language"):
        yield Case(f"offer without {field}", API, "POST", "/api/v1/offers",
                   _j(_offer(**{field: ...})), JSON)
    yield Case("offer with neither price nor discount", API, "POST", "/api/v1/offers",
               _j(_offer(price=..., currency=...)), JSON)


def api_queries() -> Iterator[Case]:
    """Query parameters out of range, other brands' ids, filters that must match nothing."""
    for path, queries in QUERIES.items():
        for q in queries:
            yield Case(f"{path}?{q[:40]}", API, "GET", f"{path}?{q}")
    for offer in ("{other_offer}", "0", str(2**63), str(2**70), "-1", "abc", "1.5",
                  quote(INJECTIONS[1]), "..%2f..%2fprofile"):
        yield Case(f"offer status {offer}", API, "GET", f"/api/v1/offers/{offer}")
    for value in INJECTIONS[:3]:
        yield Case(f"merchant filter {value!r}", API, "GET",
                   "/api/v1/purchases?" + urlencode({"merchant": value}), empty=True)
    for path, method in (("/api/v1/nowhere", "GET"), ("/api/v1/profile", "DELETE"),
                         ("/api/v1/offers", "GET"), ("/api/v2/profile", "GET"),
                         ("/api/v1/../../etc/passwd", "GET")):
        yield Case(f"{method} {path}", API, method, path)


def api_tokens() -> Iterator[Case]:
    """Every API endpoint with each kind of unusable credential, and a scope the token lacks."""
    for path in (*GETS, "/api/v1/offers/{own_offer}"):
        for who in TOKENS:
            yield Case(f"{path} token {who}", API, "GET", path, who=who)
    for path in GETS[:5]:
        yield Case(f"{path} without its scope", API, "GET", path, who="narrow")
    for path, body in (("/api/v1/offers", _offer()), ("/api/v1/purchases", _receipt())):
        for who in ("none", "forged", "revoked", "paused", "narrow"):
            yield Case(f"POST {path} token {who}", API, "POST", path, _j(body), JSON, who=who)
    yield Case("offer in the main brand's name from another", API, "POST", "/api/v1/offers",
               _j(_offer()), JSON, who="other")


def _form(**values: str) -> bytes:
    return urlencode(values).encode()


def oauth_token() -> Iterator[Case]:
    """The token, revocation and introspection endpoints."""
    bad = {
        "no grant_type": _form(), "grant password": _form(grant_type="password", username="a",
                                                          password="b"),
        "grant client_credentials": _form(grant_type="client_credentials"),
        "grant implicit": _form(grant_type="implicit"),
        "forged code": _form(grant_type="authorization_code", code="forged",
                             redirect_uri=REDIRECT, code_verifier="v" * 43),
        "code without verifier": _form(grant_type="authorization_code", code="{code}",
                                       redirect_uri=REDIRECT),
        "code, wrong verifier": _form(grant_type="authorization_code", code="{code}",
                                      redirect_uri=REDIRECT, code_verifier="w" * 43),
        "code, other redirect": _form(grant_type="authorization_code", code="{code}",
                                      redirect_uri=REDIRECT + "/", code_verifier="c" * 43),
        "forged refresh": _form(grant_type="refresh_token", refresh_token="forged"),
        "other brand's refresh": _form(grant_type="refresh_token", refresh_token="{other_refresh}"),
        "refresh with wider scope": _form(grant_type="refresh_token",
                                          refresh_token="{refresh}", scope="admin"),
        "access token as refresh": _form(grant_type="refresh_token", refresh_token="{access}"),
        "duplicated grant_type": b"grant_type=refresh_token&grant_type=refresh_token"
                                 b"&refresh_token={refresh}",
        "duplicated refresh_token": b"grant_type=refresh_token&refresh_token=a"
                                    b"&refresh_token={refresh}",
        "invalid UTF-8": b"grant_type=refresh_token&refresh_token=%ff%fe\xff",
        "injection": _form(grant_type=INJECTIONS[0], refresh_token=INJECTIONS[1]),
    }
    for what, body in bad.items():
        yield Case(f"token: {what}", OAUTH, "POST", "/oauth/token", body, FORM, who="client")
    for who in ("none", "wrong_secret", "other_client", "basic_garbage"):
        yield Case(f"token: client {who}", OAUTH, "POST", "/oauth/token",
                   _form(grant_type="refresh_token", refresh_token="{refresh}"), FORM,
                   who=f"client_{who}")
    yield Case("token: JSON body", OAUTH, "POST", "/oauth/token",
               _j({"grant_type": "refresh_token", "refresh_token": "{refresh}"}), JSON,
               who="client")
    yield Case("token: GET", OAUTH, "GET", "/oauth/token", who="client")
    for path in ("/oauth/revoke", "/oauth/introspect"):
        for who in ("none", "wrong_secret", "basic_garbage"):
            yield Case(f"{path}: client {who}", OAUTH, "POST", path, _form(token="{refresh}"),
                       FORM, who=f"client_{who}")
        yield Case(f"{path}: no token", OAUTH, "POST", path, _form(), FORM, who="client")
        yield Case(f"{path}: duplicated token", OAUTH, "POST", path,
                   b"token=a&token={refresh}", FORM, who="client")


REGISTRATION = {"client_name": "Maison Intruse", "redirect_uris": [REDIRECT],
                "scope": "offers:write"}
REGISTER_VALUES = {
    "client_name": [None, "", 5, "x" * 101, *INVISIBLE],
    "redirect_uris": [[], "https://a.example/cb", ["javascript:alert(1)"], ["data:text/html,x"],
                      ["https://a.example/cb#frag"], ["http://a.example/cb"], ["/relative"],
                      ["https://user@a.example/cb"], [5], ["https://a.example/../../cb\u202e"]],
    "scope": ["admin", "profile:read admin", 5, ["profile:read"]],
    "grant_types": [["password"], ["implicit"], "authorization_code"],
    "response_types": [["token"]],
    "token_endpoint_auth_method": ["private_key_jwt", 5],
    "jwks": ["x", {"keys": "x"}],
    "logo_uri": ["javascript:alert(1)", 5],
}


def oauth_registration() -> Iterator[Case]:
    """Dynamic registration: credentials, documents, metadata values."""
    for who in ("none", "forged", "access_token"):
        yield Case(f"register: invitation {who}", OAUTH, "POST", "/oauth/register",
                   _j(REGISTRATION), JSON, who=f"invite_{who}")
    for what, body in list(NOT_JSON.items())[:12]:
        yield Case(f"register: {what}", OAUTH, "POST", "/oauth/register", body, JSON,
                   who="invite")
    yield Case("register: as a form", OAUTH, "POST", "/oauth/register",
               _form(**{"client_name": "a", "redirect_uris": REDIRECT}), FORM, who="invite")
    for field, values in REGISTER_VALUES.items():
        for n, value in enumerate(values):
            yield Case(f"register: {field}[{n}]", OAUTH, "POST", "/oauth/register",
                       _j({**REGISTRATION, field: value}), JSON, who="invite")


def authorize(**changes: str | None) -> str:
    """An /oauth/authorize address for the main brand, with `changes` (None removes one)."""
    params = {"response_type": "code", "client_id": "{client_id}", "redirect_uri": REDIRECT,
              "scope": "profile:read", "state": "s", "code_challenge": "c" * 43,
              "code_challenge_method": "S256", **changes}
    return "/oauth/authorize?" + urlencode({k: v for k, v in params.items() if v is not None},
                                           safe="{}")


CONSENT = {
    "unknown client": {"client_id": "nobody"}, "no client": {"client_id": None},
    "blocked brand": {"client_id": "{blocked_client_id}"},
    **{f"redirect {n}": {"redirect_uri": uri} for n, uri in enumerate((
        REDIRECT + "/", REDIRECT.upper(), REDIRECT + "?x=1", REDIRECT + "#f",
        "https://evil@brand.example/cb", REDIRECT.replace("https", "http"),
        "https://brand.example/c%62", "https://brand.example.evil.example/cb",
        "javascript:alert(1)", ""))},
    "injected client_id": {"client_id": INJECTIONS[1]},
    "bidi state": {"client_id": "nobody", "state": "\u202e"},
}
# With client and redirect URI verified, RFC 6749 4.1.2.1 sends the error back to the brand.
CONSENT_RETURNED = {
    "no PKCE": {"code_challenge": None, "code_challenge_method": None},
    "PKCE plain": {"code_challenge_method": "plain"},
    "short challenge": {"code_challenge": "c"},
    "response_type token": {"response_type": "token"},
    "unknown scope": {"scope": "admin"}, "injected scope": {"scope": INJECTIONS[3]},
}


def consent() -> Iterator[Case]:
    """The consent page, signed in, with requests it must refuse on a page (never a redirect)."""
    for what, changes in CONSENT.items():
        yield Case(f"authorize: {what}", PAGE, "GET", authorize(**changes), who="consumer")
    for what, changes in CONSENT_RETURNED.items():
        yield Case(f"authorize: {what}", PAGE, "GET", authorize(**changes), who="consumer",
                   returned=True)
    yield Case("authorize: duplicated client_id", PAGE, "GET",
               authorize() + "&client_id=other", who="consumer")
    yield Case("authorize: duplicated redirect_uri", PAGE, "GET",
               authorize() + "&redirect_uri=" + quote("https://evil.example/cb"), who="consumer")
    yield Case("authorize: POST without CSRF", PAGE, "POST", authorize(),
               _form(allow="1", allow_scope="profile:read", duration="30d"), FORM,
               who="consumer_no_csrf")
    yield Case("authorize: POST with an unasked scope", PAGE, "POST", authorize(),
               _form(csrf_token="{csrf}", allow="1", allow_scope="purchases:read",
                     duration="30d"), FORM, who="consumer")
    yield Case("authorize: POST with an unknown duration", PAGE, "POST", authorize(),
               _form(csrf_token="{csrf}", allow="1", allow_scope="profile:read",
                     duration="9999d"), FORM, who="consumer")


# Consumer pages' forms: (path, field names to values that are each refused there).
PAGE_FORMS = {
    "/profile/identity": {
        "identity-given_name": ["x" * 201, "a\x07b"],
        "identity-birth_date": ["0000-01-01", "9999-12-31", "2025-02-30", "1800-01-01", "demain"],
        "identity-gender": ["alien"], "identity-language": ["not a language!"],
    },
    "/profile/emails": {"emails-address": ["not an email", "a@b", INJECTIONS[3], "x" * 300]},
    "/profile/phones": {"phones-number": ["123", "+999999999999999", INJECTIONS[0]]},
    "/purchases/new": {
        "day": ["0000-01-01", "9999-12-31", "2025-02-30", "1969-12-31"],
        "items-0-quantity": ["0", "-1", "1e9", "99999999999999999999"],
        "items-0-unit_price": ["-1", "1e400", "99999999999999999"],
        "currency": ["EURO", INJECTIONS[1]], "tz": ["Mars/Olympus"], "merchant": ["", "x" * 101],
    },
    "/intents": {"budget": ["-5", "1e400", "abc"], "expires_on": ["0000-01-01", "2025-02-30"],
                 "currency": ["EURO"], "description": ["x" * 2001]},
}
GOOD_FORMS = {
    "/profile/identity": {"identity-given_name": "Camille", "identity-family_name": "Martin",
                          "identity-gender": "", "identity-income_band": "",
                          "identity-language": ""},
    "/profile/emails": {"emails-address": "camille@example.org"},
    "/profile/phones": {"phones-number": "+33612345678"},
    "/purchases/new": {"merchant": "Librairie", "day": "2025-03-01", "currency": "EUR",
                       "tz": "Europe/Paris", "channel": "store", "items-0-name": "Roman",
                       "items-0-category": "books", "items-0-quantity": "1",
                       "items-0-unit_price": "12.50", "save": "1"},
    "/intents": {"description": "Un vélo", "category": "bicycles", "currency": "EUR"},
}


def pages() -> Iterator[Case]:
    """The consumer's forms with refused values, broken bodies, missing or foreign CSRF."""
    for path, fields in PAGE_FORMS.items():
        good = GOOD_FORMS[path]
        for field, values in fields.items():
            for n, value in enumerate(values):
                yield Case(f"page {path} {field}[{n}]", PAGE, "POST", path,
                           _form(csrf_token="{csrf}", **{**good, field: value}), FORM,
                           who="consumer")
        yield Case(f"page {path} without CSRF", PAGE, "POST", path, _form(**good), FORM,
                   who="consumer")
        yield Case(f"page {path} forged CSRF", PAGE, "POST", path,
                   _form(csrf_token="IjEyMyI.forged.forged", **good), FORM, who="consumer")
        broken = next(iter(fields))  # a field that must parse, sent as bytes that are not UTF-8
        yield Case(f"page {path} invalid UTF-8", PAGE, "POST", path,
                   _form(csrf_token="{csrf}", **{**good, broken: "X"}).replace(
                       b"=X", b"=" + b"\xff\xfe\xc3" * (201 if "name" in broken else 1)),
                   FORM, who="consumer")
        yield Case(f"page {path} signed out", PAGE, "POST", path, _form(**good), FORM,
                   who="anon")
    yield Case("sign-in without CSRF", PAGE, "POST", "/sign-in", _form(passphrase="x"), FORM,
               who="anon_no_csrf")
    yield Case("page 9 MB form", PAGE, "POST", "/intents",
               b"csrf_token={csrf}&description=" + b"x" * (9 << 20), FORM, who="consumer")


UPLOAD_NAMES = ("../../../../tmp/coffre-pwned.csv", "..\\..\\coffre-pwned.csv", "/etc/passwd",
                "pwned\x00.csv", "pwned.csv\u202etxt.exe", "....//....//pwned.json", "",
                "pwned.exe", "%2e%2e%2fpwned.csv")
UPLOAD_BODIES = {"not CSV": b"\x00\x01\x02garbage", "CSV, no header": b"1,2,3\n",
                 "JSON array of junk": b"[1, 2, 3]"}


def uploads() -> Iterator[Case]:
    """The import page: traversal and odd file names, with files that are not valid imports."""
    for n, name in enumerate(UPLOAD_NAMES):
        for what, content in UPLOAD_BODIES.items():
            yield Case(f"upload {n} {name[:20]!r} {what}", PAGE, "POST", "/purchases/imports/new",
                       multipart(name, content), "multipart/form-data; boundary=BOUNDARY",
                       who="consumer", previewed=True)


def multipart(filename: str, content: bytes) -> bytes:
    """A multipart form with the CSRF placeholder and one file part."""
    return (b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n"
            b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nauto\r\n"
            b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + filename.encode() + b"\"\r\nContent-Type: text/csv\r\n\r\n" + content
            + b"\r\n--BOUNDARY--\r\n")


GENERATORS = (api_bodies, api_fields, api_queries, api_tokens, oauth_token, oauth_registration,
              consent, pages, uploads)


def catalogue() -> list[Case]:
    """Every case, in a fixed order."""
    return [case for make in GENERATORS for case in make()]
