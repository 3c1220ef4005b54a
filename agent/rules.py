"""The pipeline's checks before pressure: each passes (None) or gives a Reason.

Every check is pure: (offer, context) -> None | Reason.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from agent import answers
from agent.context import Context, city_key, nearest, postcode_area, primary_language
from agent.offers import Offer
from agent.reasons import DECLINE, HOLD, Reason, reason
from agent.signature import INVALID


def signature(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an offer whose signature does not match the brand's registered key."""
    if ctx.signature != INVALID:
        return None
    return reason("signature_invalid", DECLINE, brand=offer.brand)


def validity(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an expired offer; hold one that has not started yet."""
    if ctx.now >= offer.valid_until:
        return reason("expired", DECLINE, until=local(offer.valid_until, ctx.consumer.zone))
    if offer.valid_from is not None and ctx.now < offer.valid_from:
        return reason("not_yet_valid", HOLD, since=local(offer.valid_from, ctx.consumer.zone))
    return None


def brand(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an offer from a brand the consumer blocked."""
    if offer.brand_key in ctx.consumer.blocked_brands:
        return reason("brand_blocked", DECLINE, brand=offer.brand)
    return None


def grant(offer: Offer, ctx: Context) -> Reason | None:
    """Hold an offer while its brand's access is paused; decline one whose grant ended."""
    if ctx.grant_paused:
        return reason("grant_paused", HOLD, brand=offer.brand)
    if ctx.grant_live:
        return None
    return reason("grant_not_live", DECLINE, brand=offer.brand)


def category(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an offer in a blocked category, or under one ("Travel" blocks flights)."""
    if not ctx.consumer.blocked_categories.isdisjoint(offer.category_lineage):
        return reason("category_blocked", DECLINE, category=offer.category)
    return None


def price(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an offer above its category's price ceiling; hold one we cannot compare.

    The ceiling of the narrowest category holding the offer's applies. An answer to
    an open intent within its budget is not held to it: the consumer's explicit
    search wins over their general limit.
    """
    ceiling = nearest(ctx.consumer.ceilings, offer.category_lineage)
    if ceiling is None or offer.price is None or answers.answered(offer, ctx.consumer):
        return None
    if offer.price.currency != ceiling.currency:
        return reason("ceiling_currency", HOLD, currency=offer.price.currency,
                      category=offer.category, ceiling_currency=ceiling.currency)
    if offer.price.minor > ceiling.minor:
        return reason("over_ceiling", DECLINE, price=str(offer.price), ceiling=str(ceiling),
                      category=offer.category)
    return None


def language(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an offer in a language the consumer does not read (none chosen: any)."""
    languages = ctx.consumer.languages
    if not languages or primary_language(offer.language) in languages:
        return None
    return reason("language", DECLINE, language=offer.language)


def place(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an offer tied to a postcode or city away from the consumer's places.

    A point and radius cannot be judged (the vault holds no coordinates), so
    it passes; so does any place when the consumer gave none.
    """
    where, places = offer.place, ctx.consumer.places
    if where is None or not places or (where.postcode is None and where.city is None):
        return None
    if where.city is not None and city_key(where.city) in places:
        return None
    if where.postcode is not None and postcode_area(where.postcode) in places:
        return None
    return reason("place", DECLINE, place=" ".join(filter(None, (where.postcode, where.city))))


def local(moment: datetime, zone: tzinfo) -> str:
    """A moment as the consumer reads it: "2025-03-14 18:00" in their time zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
