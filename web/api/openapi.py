"""The OpenAPI 3.1 document of the brand API, built from the declared endpoints.

Each operation's scopes come from its `@endpoint` declaration, so the
document cannot drift from the code; the shapes below are the contract that
Schemathesis holds the responses to (no field beyond those listed).
"""

from __future__ import annotations

from typing import Any

from agent import offers
from vault.purchases import CHANNELS
from vault.scopes import SCOPES
from web.api.protect import ENDPOINTS, Endpoint
from web.security import external_url
from web.wording import SCOPE_TEXT


def _obj(required: list[str] | None = None, **props: Any) -> dict:
    return {"type": "object", "properties": props, "required": required or list(props),
            "additionalProperties": False}


def _opt(kind: str, **extra: Any) -> dict:
    return {"type": [kind, "null"], **extra}


_STR, _INT = {"type": "string"}, {"type": "integer"}
_TEXT = {"type": "string", "pattern": "^[^\\x00-\\x1f]*\\S[^\\x00-\\x1f]*$", "maxLength": 60}
_SPEND = _obj(currency=_STR, orders=_INT, spend_minor=_INT)
# A category as a brand sends it, and as Coffre answers it (docs/categories.md).
_CATEGORY_IN = {**_TEXT, "description": offers.CATEGORY_DESCRIPTION}
_CATEGORY = {"$ref": "#/components/schemas/Category"}
SCHEMAS: dict[str, Any] = {
    "Category": {**_obj(code={"type": "string", "description": "A code of the vocabulary, or "
                                                               "\"other:<word>\""},
                        label=_obj(en=_STR, fr=_STR)),
                 "description": "A category: its code and its label in English and French."},
    "Problem": {"type": "object", "required": ["type", "title", "status"],
                "properties": {"type": _STR, "title": _STR, "status": _INT, "detail": _STR,
                               "error": _STR, "errors": {"type": "array", "items": _obj(
                                   field=_STR, reason=_STR, code=_STR,
                                   params={"type": "object"})}}},
    "Profile": _obj([], subject={"type": "string", "description": "The consumer's id for "
                                 "this brand alone (pairwise: another brand sees another)"},
                    name=_opt("string"), age_band=_opt("string"), city=_opt("string"),
                    country=_opt("string"), language=_opt("string"),
                    profession=_opt("string"),
                    emails={"type": "array", "items": _obj(address=_STR, label=_opt("string"),
                                                            primary={"type": "boolean"})},
                    phones={"type": "array", "items": _obj(number=_STR, label=_opt("string"))},
                    addresses={"type": "array", "items": _obj(
                        label=_opt("string"), line1=_STR, line2=_opt("string"),
                        postcode=_opt("string"), city=_STR, region=_opt("string"),
                        country=_STR)}),
    "Order": _obj(id=_INT, merchant=_STR, merchant_order_id=_opt("string"),
                  ordered_at={"type": "string", "format": "date-time"}, tz=_STR, channel=_STR,
                  currency=_STR, total_minor=_INT,
                  items={"type": "array", "items": _obj(
                      name=_STR, brand=_opt("string"), category=_CATEGORY, quantity=_INT,
                      unit_price_minor=_INT)}),
    "PurchasePage": _obj(orders={"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
                         next_cursor=_opt("string")),
    "NewPurchase": {"type": "object", "required": ["ordered_at", "channel", "currency", "items"],
                    "description": "One receipt. The merchant is always the sending brand.",
                    "properties": {"merchant_order_id": _TEXT, "channel": {"enum": list(
                        CHANNELS)}, "ordered_at": {"type": "string", "format": "date-time"},
                        "tz": _STR, "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                        "items": {"type": "array", "minItems": 1, "maxItems": 500,
                                  "items": {"type": "object", "required": [
                                      "name", "category", "unit_price_minor"],
                                      "properties": {"name": _TEXT, "brand": _TEXT,
                                                     "category": _CATEGORY_IN, "quantity": {
                                                         "type": "integer", "minimum": 1},
                                                     "unit_price_minor": {
                                                         "type": "integer", "minimum": 0}}}}}},
    "Received": _obj(["received"], received={"type": "boolean"},
                     already_in_vault={"type": "boolean"}),
    "Summary": _obj(months=_INT,
                    by_month={"type": "array", "items": _obj(month=_STR, **_SPEND["properties"])},
                    by_category={"type": "array",
                                 "items": _obj(category=_CATEGORY, **_SPEND["properties"])},
                    rfm=_obj(**{k: {"type": "array", "items": _obj(
                        **({"key": _STR} if k == "overall" else {"category": _CATEGORY}),
                        months_since_last=_INT, **_SPEND["properties"])}
                        for k in ("overall", "by_category")})),
    "Preferences": _obj(interests={"type": "object", "additionalProperties": _INT},
                        channels={"type": "array", "items": _STR},
                        caps=_obj(per_brand_weekly=_opt("integer"),
                                  overall_weekly=_opt("integer"),
                                  quiet_hours={"oneOf": [{"type": "null"},
                                                         _obj(start=_STR, end=_STR)]})),
    "Intents": _obj(intents={"type": "array", "items": _obj(
        id=_INT, category=_CATEGORY, description=_STR, budget_minor=_opt("integer"),
        currency=_opt("string"), place=_opt("string"), expires_on=_opt("string"))}),
    "Offer": offers.json_schema(),  # the validator's own limits (agent.offers)
    "OfferStatus": _obj(id=_INT, status={"enum": ["delivered", "held", "declined", "received"]},
                        received_at=_STR),
    "TreeHead": {**_obj(size=_INT, root=_STR, timestamp=_STR, signature=_STR),
                 "description": "A signed tree head of the vault's transparency log "
                                "(docs/transparency.md); also in every answer's "
                                "Coffre-Tree-Head header."},
    "LogProof": _obj(tree_head={"$ref": "#/components/schemas/TreeHead"},
                     events={"type": "array", "items": _obj(
                         index=_INT, leaf={"type": "string", "description": "The event's "
                                           "RFC 8785 canonical JSON, base64"},
                         proof={"type": "array", "items": _STR})},
                     next_after=_opt("integer"),
                     consistency={"oneOf": [{"type": "null"}, _obj(
                         first=_INT, second=_INT, proof={"type": "array", "items": _STR})]}),
    "Grant": _obj(grant_id=_INT, version=_INT, status=_STR, scope=_STR, purpose=_opt("string"),
                  granted_at=_STR, changed_at=_STR, expires_at=_opt("string"), subject=_STR,
                  receipt={"$ref": "#/components/schemas/Receipt"}),
    "Receipt": {"type": "string", "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
                "description": "A consent receipt: a compact JWS (EdDSA) over RFC 8785 JSON, "
                               "signed with the key of /.well-known/jwks.json (docs/receipts.md)"},
    "Receipts": _obj(receipts={"type": "array", "items": {"$ref": "#/components/schemas/Receipt"}}),
}

def _position(low: int, description: str) -> dict:
    return {"type": "integer", "minimum": low, "maximum": 2**63 - 1, "description": description}


# view name -> (success status, response schema, request body schema, parameters, errors)
_LIST = [("since", {"type": "string", "format": "date"}), ("until", {"type": "string",
                                                                    "format": "date"}),
         ("merchant", {"type": "string", "maxLength": 100}),
         ("category", {"type": "string", "maxLength": 60, "description": "A code (with the "
                       "categories under it) or a word, as in a purchase's category"}),
         ("cursor", _STR),
         ("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100})]
OPERATIONS: dict[str, tuple] = {
    "profile": (200, "Profile", None, [], []),
    "purchase_list": (200, "PurchasePage", None, _LIST, [422]),
    "purchase_add": (201, "Received", "NewPurchase", [], [409, 413, 422]),
    "purchase_summary": (200, "Summary", None,
                         [("months", {"type": "integer", "minimum": 1, "maximum": 36,
                                      "default": 12})], [422]),
    "preference_list": (200, "Preferences", None, [], []),
    "intent_list": (200, "Intents", None, [], []),
    "offer_send": (201, "OfferStatus", "Offer", [], [413, 422]),
    "offer_status": (200, "OfferStatus", None, [], [404]),
    "grant": (200, "Grant", None, [], []),
    "grant_receipts": (200, "Receipts", None, [], []),
    "log_proof": (200, "LogProof", None, [
        ("size", _position(1, "The tree size to prove against (default: the latest)")),
        ("after", _position(-1, "Only your events logged after this position")),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}),
        ("index", _position(0, "Only your event at this position")),
        ("first", _position(1, "A tree size you hold: a consistency proof from it to size"))],
        [404, 422]),
}


# Other successes: a receipt pushed twice is stored once, and the second push says so.
_ALSO: dict[str, dict[str, str]] = {
    "purchase_add": {"200": "Already in the vault (same order number, or same moment and "
                            "amount): nothing stored again"},
}
# Other reasons for a 403 than a missing scope.
_FORBIDDEN: dict[str, str] = {
    "purchase_add": " or the consumer refuses this brand's receipts (receipts-refused)",
}


_TREE_HEAD = {"Coffre-Tree-Head": {
    "description": "The latest signed tree head of the vault's transparency log, as an "
                   "RFC 8941 dictionary: size=N, root=:base64:, timestamp=\"…Z\", "
                   "signature=:base64: (docs/transparency.md)",
    "schema": {"type": "string"}}}


def _problem(description: str) -> dict:
    return {"description": description, "content": {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _operation(e: Endpoint) -> dict:
    status, schema, body, params, errors = OPERATIONS[e.name]
    responses = {str(status): {"description": "Success", "headers": _TREE_HEAD, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}},
        "401": _problem("No valid access token (WWW-Authenticate: Bearer)"),
        "423": _problem("The vault is locked")}
    for code, description in _ALSO.get(e.name, {}).items():
        responses[code] = {"description": description, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    if e.scopes:
        responses["403"] = _problem("The token lacks the scope (insufficient_scope)"
                                    + _FORBIDDEN.get(e.name, ""))
    for code in errors:
        responses[str(code)] = _problem("The request cannot be carried out")
    if e.conditional:
        responses[str(status)]["headers"] = {"ETag": {
            "description": "A strong tag of this answer: send it back in If-None-Match",
            "schema": _STR}}
        responses["304"] = {"description": "Not modified: a tag sent in If-None-Match is still"
                                           " this answer's (no body; logged as a read;"
                                           " \"*\" is not honoured)",
                            "headers": {"ETag": {"schema": _STR}}}
    op = {"operationId": e.name, "summary": e.summary, "responses": responses,
          "security": [{"oauth2": [s]} for s in e.scopes] if e.scopes else [{"oauth2": []}],
          "parameters": [{"name": n, "in": "query", "required": False, "schema": s}
                         for n, s in params]}
    if "{offer_id}" in e.path:
        op["parameters"].append({"name": "offer_id", "in": "path", "required": True,
                                 "schema": {"type": "integer", "minimum": 1,
                                            "maximum": 2**63 - 1}})
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{body}"}}}}
    return op


def document() -> dict:
    """The whole OpenAPI 3.1 document."""
    paths: dict[str, dict] = {}
    for e in ENDPOINTS:
        paths.setdefault(e.path, {})[e.method.lower()] = _operation(e)
    flows = {"authorizationCode": {
        "authorizationUrl": external_url("oauth.authorize"),
        "tokenUrl": external_url("oauth_endpoints.token"),
        "refreshUrl": external_url("oauth_endpoints.token"),
        "scopes": {s: str(SCOPE_TEXT[s][1]) for s in SCOPES}}}
    return {"openapi": "3.1.0",
            "info": {"title": "Coffre brand API", "version": "1",
                     "description": "A consumer's own data, for the brands they allow. "
                                    "Fields outside the granted scopes are absent."},
            "servers": [{"url": external_url("ui.home").rstrip("/")}],
            "paths": paths,
            "components": {"schemas": SCHEMAS, "securitySchemes": {
                "oauth2": {"type": "oauth2", "flows": flows}}}}
