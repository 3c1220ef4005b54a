"""The brand API under /api/v1: each operation declares the scopes that allow it."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from flask import request
from werkzeug.exceptions import UnsupportedMediaType

from agent import inbox, offers
from vault import disclosure, grants, identity, purchases, pushes, validate
from vault.errors import NotFound, TooLarge, ValidationError
from vault.provenance import iso_utc
from web.api.protect import Access, Reply, endpoint

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
MAX_ID = 2**63 - 1


@endpoint("/api/v1/profile", scopes=("profile:read", "contact:read"),
          summary="The consumer's profile: profile:read and/or contact:read fields")
def profile(access: Access) -> Reply:
    client_id = access.token.brand.client_id
    body = disclosure.profile_body(access.store, access.scopes, client_id=client_id,
                                   today=access.at.date())
    held = {"kind": "profile", "client_id": client_id,
            "scopes": sorted(access.scopes & {"profile:read", "contact:read"})}
    return Reply(body, records=1, held=held)


def _cursor(text: str | None) -> tuple[str, int] | None:
    if not text:
        return None
    try:
        moment, _, order_id = base64.urlsafe_b64decode(text.encode() + b"==").decode().partition(
            "|")
        number = int(order_id)
    except (binascii.Error, UnicodeDecodeError, ValueError) as e:
        raise ValidationError("cursor", "not_cursor") from e
    if not 0 < number <= MAX_ID:  # SQLite integers stop at 2**63 - 1: we never gave it out
        raise ValidationError("cursor", "not_cursor")
    return moment, number


def _encode(cursor: tuple[str, int] | None) -> str | None:
    if cursor is None:
        return None
    return base64.urlsafe_b64encode(f"{cursor[0]}|{cursor[1]}".encode()).decode().rstrip("=")


def _day(name: str) -> date | None:
    """A date parameter: absent is no bound, but present and blank is no date (unlike a form's
    empty field, a brand's program sent it)."""
    value = request.args.get(name)
    if value is not None and not value.strip():
        raise ValidationError(name, "not_date")
    return validate.day(name, value, required=False)


def _filters() -> purchases.Filters:
    a = request.args.get
    since, until, merchant, category = validate.collect(
        lambda: _day("since"),
        lambda: _day("until"),
        lambda: validate.text("merchant", a("merchant"), required=False, max_len=100),
        lambda: validate.category("category", a("category"), required=False),
    )
    return purchases.Filters(merchant=merchant, category=category, since=since, until=until)


@endpoint("/api/v1/purchases", scopes=("purchases:read",), version=purchases.VERSION,
          summary="Raw orders with their items, newest first, cursor-paginated")
def purchase_list(access: Access) -> Reply:
    filters, limit, cursor = validate.collect(
        _filters,
        lambda: validate.integer("limit", request.args.get("limit", DEFAULT_LIMIT), low=1,
                                 high=MAX_LIMIT),
        lambda: _cursor(request.args.get("cursor")),
    )
    orders, ids, after = disclosure.orders_json(access.store, filters, cursor=cursor,
                                                limit=limit)
    held = {"kind": "orders", "orders": ids, "next_cursor": _encode(after)}
    return Reply(disclosure.orders_body(orders, held["next_cursor"]), records=len(orders),
                 fields=["next_cursor", *(f"orders[].{f}" for f in disclosure.ORDER_FIELDS)]
                 if orders else ["orders", "next_cursor"], held=held)


@endpoint("/api/v1/purchases", scopes=("purchases:write",), method="POST",
          summary="Push one receipt; the merchant is always the brand itself; nothing is read"
                  " back; the same receipt twice is stored once (200, already_in_vault)")
def purchase_add(access: Access) -> Reply:
    # A brand files its own receipts only: pushes.push names the brand as the merchant.
    filed = pushes.push(access.store, access.token.brand, _json_object(request.get_data()),
                          now=access.at)
    if filed.added:
        return Reply({"received": True}, records=1, status=201)
    return Reply({"received": True, "already_in_vault": True}, records=0)


@endpoint("/api/v1/purchases/summary", scopes=("purchases:summary", "purchases:read"),
          summary="Aggregates only: spend and orders per month and category, RFM")
def purchase_summary(access: Access) -> Reply:
    months = validate.integer("months", request.args.get("months", disclosure.SUMMARY_MONTHS),
                              low=1, high=36)
    body = disclosure.summary(access.store, months=months, today=access.at.date())
    rows = len(body["by_month"]) + len(body["by_category"])
    return Reply(body, records=rows, months=months, held={"kind": "summary", "months": months})


@endpoint("/api/v1/preferences", scopes=("preferences:read",),
          summary="Interests, channels and pressure caps")
def preference_list(access: Access) -> Reply:
    body = disclosure.preferences_for(access.store)
    return Reply(body, records=1, fields=["interests", "channels", "caps"],
                 held={"kind": "preferences"})


@endpoint("/api/v1/intents", scopes=("intents:read",), summary="Open intents")
def intent_list(access: Access) -> Reply:
    body = disclosure.intents_body(access.store, today=access.at.date())
    return Reply(body, records=len(body["intents"]), held={"kind": "intents"})


def _json_object(data: bytes) -> dict[str, Any]:
    if not request.is_json:  # a form or text body read as JSON is a request the brand did not mean
        raise UnsupportedMediaType("Send the body as application/json.")
    value = validate.json_document("body", data)
    if not isinstance(value, dict):
        raise ValidationError("body", "not_object")
    return value


@endpoint("/api/v1/offers", scopes=("offers:write",), method="POST",
          summary="Send an offer; the consumer's agent decides what happens to it")
def offer_send(access: Access) -> Reply:
    if (request.content_length or 0) > offers.MAX_BYTES:
        raise TooLarge(f"An offer may be at most {offers.MAX_BYTES} bytes.")
    data = request.get_data()
    if len(data) > offers.MAX_BYTES:
        raise TooLarge(f"An offer may be at most {offers.MAX_BYTES} bytes.")
    brand = access.token.brand
    source = inbox.OfferSource(brand.name, brand.id, access.token.grant.id, brand.public_key)
    offer_id = inbox.receive(access.store, _json_object(data), source=source, now=access.at)
    return Reply(inbox.brand_status(access.store, offer_id, brand.id), records=1, status=201)


@endpoint("/api/v1/offers/<int:offer_id>", scopes=("offers:write",),
          path="/api/v1/offers/{offer_id}", summary="What became of an offer the brand sent")
def offer_status(access: Access, offer_id: int) -> Reply:
    if offer_id > MAX_ID:  # SQLite integers stop at 2**63 - 1: no offer has a larger id
        raise NotFound(f"There is no offer {offer_id}.")
    return Reply(inbox.brand_status(access.store, offer_id, access.token.brand.id), records=1)


@endpoint("/api/v1/grant", scopes=None,
          summary="The calling brand's own grant, with its current consent receipt (a JWS the "
                  "vault signed: /.well-known/jwks.json)")
def grant(access: Access) -> Reply:
    current = access.token.grant
    receipt = grants.receipts_of(access.store, current.id, now=access.at)[-1]
    return Reply({
        "grant_id": current.id, "version": current.version, "status": current.status,
        "scope": " ".join(sorted(access.scopes)), "purpose": current.purpose,
        "granted_at": iso_utc(current.created_at), "changed_at": iso_utc(current.changed_at),
        "expires_at": iso_utc(current.expires_at) if current.expires_at else None,
        "subject": identity.pairwise_id(access.store, access.token.brand.client_id),
        "receipt": receipt.jws,
    }, records=1)


@endpoint("/api/v1/grant/receipts", scopes=None,
          summary="Every consent receipt the calling brand was ever given, oldest first")
def grant_receipts(access: Access) -> Reply:
    found = [r.jws for g in reversed(grants.for_brand(access.store, access.token.brand.id))
             for r in grants.receipts_of(access.store, g.id, now=access.at)]
    return Reply({"receipts": found}, records=len(found))
