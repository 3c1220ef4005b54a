"""The agent's one door to the vault: receive offers, decide them, record, decide again.

Everything else in `agent` is pure. Here the consumer's context is loaded
once per call (preferences, open intents, cached purchase figures, recent
deliveries), then each offer is decided without further reads. Each of the
consumer's actions that changes what the agent knows is one transaction with
the decisions it changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from agent import context, offers, scoring, signature
from agent.context import Consumer, Context
from agent.decision import Decision, decide_next
from agent.pressure import WEEK, Tally
from agent.reasons import DECLINE, HOLD
from vault import categories, grants, intents, preferences, profile, settings, validate
from vault import offers as stored
from vault.errors import NotFound, TooLarge, ValidationError
from vault.preferences import Preferences
from vault.store import Store

LESS_STEP = 25  # how much "less of this category" lowers the interest weight


@dataclass(frozen=True)
class OfferSource:
    """Who an offer came from: a brand through the API, or a file the consumer imported."""

    brand_name: str
    brand_id: int | None
    grant_id: int | None
    public_key: bytes | None  # the raw 32-byte Ed25519 key the brand registered
    file: str | None = None  # the imported file's name

    @classmethod
    def imported(cls, file: str | None = None) -> OfferSource:
        """An import by the consumer: each offer names its own brand; no grant, no key."""
        return cls("", None, None, None, file)


@dataclass(frozen=True)
class _Arrival:
    offer: offers.Offer
    payload: str
    signature: str


def receive(store: Store, payload: Any, *, source: OfferSource, now: datetime) -> int:
    """Validate, store and decide one offer; return its id.

    Raises TooLarge past offers.MAX_BYTES and ValidationError naming every bad
    field; in both cases nothing is stored.
    """
    return _record(store, [_arrive(payload, source)], source, now)[0]


def receive_many(store: Store, payloads: list[Any], *, source: OfferSource, now: datetime,
                 progress: Callable[[int], None] | None = None) -> list[int]:
    """Validate every offer, then store and decide them in order, all or none.

    Problems are named `offers[N].field`. `progress` gets the running count.
    """
    arrivals, problems = [], validate.Problems()
    for n, payload in enumerate(payloads):
        try:
            arrivals.append(_arrive(payload, source))
        except ValidationError as e:
            problems.extend(e.problems, prefix=f"offers[{n}].")
        except TooLarge as e:
            raise TooLarge(f"Offer {n}: {e}") from None
    problems.raise_any()
    return _record(store, arrivals, source, now, progress)


def _arrive(payload: Any, source: OfferSource) -> _Arrival:
    data = signature.check_size(payload)
    sender = source.brand_name if source.brand_id is not None else None
    offer = offers.parse(payload, brand=sender)
    return _Arrival(offer, data.decode("utf-8"), signature.state(payload, source.public_key))


def _record(store: Store, arrivals: list[_Arrival], source: OfferSource, now: datetime,
            progress: Callable[[int], None] | None = None) -> list[int]:
    now = _second(now)
    ids = []
    with store.atomic():
        consumer, tally = load_consumer(store, now=now), load_tally(store, now=now)
        grant = grant_facts(store, source.grant_id, now=now)
        for arrival in arrivals:
            ctx = Context(consumer, now, tally, signature=arrival.signature, **grant)
            decision = decide_next(arrival.offer, ctx)
            ids.append(stored.add(store, _new(arrival, source, now),
                                  outcome(decision, arrival.offer, consumer), now=now))
            if progress:
                progress(len(ids))
    return ids


def _new(arrival: _Arrival, source: OfferSource, now: datetime) -> stored.NewOffer:
    offer = arrival.offer
    return stored.NewOffer(
        brand_name=offer.brand, title=offer.title, category=offer.category,
        channel=offer.channel, payload=arrival.payload, signature=arrival.signature,
        received_at=now, brand_id=source.brand_id, grant_id=source.grant_id,
        source="brand" if source.brand_id is not None else "import", source_ref=source.file)


def outcome(decision: Decision, offer: offers.Offer, consumer: Consumer) -> stored.Outcome:
    """The decision as stored, with notes on the score unless the offer was declined."""
    notes = [] if decision.verdict == DECLINE else scoring.explain(offer, consumer)
    return stored.Outcome(decision.verdict, decision.score,
                          tuple(r.to_json() for r in (*decision.reasons, *notes)))


def reevaluate(store: Store, *, now: datetime) -> dict[str, int]:
    """Decide every held offer again, oldest first; return how many got each verdict.

    The consumer's actions below call it in their own transaction, after their
    change: what they change and what it does to held offers go together.
    """
    now = _second(now)
    counts: Counter[str] = Counter()
    with store.atomic():
        for held, result in decide_held(store, now=now):
            stored.decide_again(store, held.id, result, now=now)
            counts[result.verdict] += 1
    return dict(counts)


def decide_held(store: Store, *, now: datetime,
                keep_cache: bool = True) -> list[tuple[stored.StoredOffer, stored.Outcome]]:
    """Every held offer, oldest first, with the outcome the agent gives it at `now`.

    Writes nothing but the purchase-history cache, and not that either when
    `keep_cache` is False.
    """
    now = _second(now)
    found = stored.held(store)
    if not found:
        return []
    consumer = load_consumer(store, now=now, keep_cache=keep_cache)
    tally = load_tally(store, now=now)
    decided = []
    for held in found:
        offer = offers.parse(held.payload, brand=held.brand_name)
        ctx = Context(consumer, now, tally, signature=held.signature,
                      **grant_facts(store, held.grant_id, now=now))
        decided.append((held, outcome(decide_next(offer, ctx), offer, consumer)))
    return decided


def brand_status(store: Store, offer_id: int, brand_id: int) -> dict[str, Any]:
    """What the sending brand may know of an offer: its id, status and arrival time.

    Raises NotFound if there is no such offer or another brand sent it. The
    consumer's reasons are never part of it.
    """
    offer = stored.find_for_brand(store, offer_id, brand_id)
    if offer is None:
        raise NotFound(f"There is no offer {offer_id}.")
    return {"id": offer.id, "status": offer.status,
            "received_at": offer.received_at.isoformat().replace("+00:00", "Z")}


def grant_facts(store: Store, grant_id: int | None, *, now: datetime) -> dict[str, bool]:
    """Whether the offer's grant is live, or paused by the consumer (Context's fields).

    An imported offer has no grant: it counts as live.
    """
    if grant_id is None:
        return {"grant_live": True, "grant_paused": False}
    grant = grants.find(store, grant_id)
    state = grant.state(now) if grant else "revoked"
    return {"grant_live": state == "active", "grant_paused": state == "paused"}


def load_consumer(store: Store, *, now: datetime, keep_cache: bool = True) -> Consumer:
    """The consumer as the agent sees them now (purchase figures from the cache).

    With `keep_cache` False, figures found stale are recomputed but not kept:
    nothing is written.
    """
    zone = consumer_zone(store)
    today = now.astimezone(zone).date()
    open_intents = intents.open_intents(store, today=today)
    history = stored.category_history(store, today=today, keep=keep_cache)
    return context.build(preferences.get(store), open_intents,
                         affinity=scoring.affinity(history, today=today),
                         languages=languages_read(store), places=_places(store, open_intents),
                         zone=zone)


def load_tally(store: Store, *, now: datetime) -> Tally:
    """Deliveries that weekly caps count at `now` (later ones too: clocks may go back)."""
    return Tally((brand.casefold(), moment)
                 for brand, moment in stored.deliveries(store, since=now - WEEK))


def consumer_zone(store: Store) -> tzinfo:
    """The consumer's time zone: their setting, else the server's; never a purchase's."""
    return settings.time_zone(store) or settings.server_zone()


def languages_read(store: Store) -> list[str]:
    """The languages the consumer reads: their setting, else their interface and profile's.

    A vault that knows no language of the consumer at all takes any (an empty list).
    """
    chosen = settings.languages_read(store)
    if chosen is not None:
        return list(chosen)
    interface, spoken = settings.find(store, settings.LANGUAGE_KEY), profile.get_identity(
        store).language
    if interface is None and spoken is None:
        return []
    return [x for x in (interface or settings.INTERFACE_DEFAULT, spoken) if x]


def _places(store: Store, open_intents: Iterable[intents.Intent]) -> list[str]:
    keys = []
    for address in profile.get(store).addresses:
        keys.append(context.city_key(address.city))
        if address.postcode:
            keys.append(context.postcode_area(address.postcode))
    for intent in open_intents:
        keys.extend(context.free_place_keys(intent.place or ""))
    return keys


def _second(now: datetime) -> datetime:
    """`now` to the whole second, as the vault stores it (so caps count the same later)."""
    if now.tzinfo is None:
        raise ValidationError("now", "naive_time")
    return now.replace(microsecond=0)


# --- what the consumer does: each action and the decisions it changes, in one transaction


@contextmanager
def _deciding_again(store: Store, now: datetime) -> Iterator[None]:
    """The block, then every held offer decided again: all of it or none of it."""
    with store.atomic():
        yield
        reevaluate(store, now=now)


def save_preferences(store: Store, prefs: Preferences, *, now: datetime) -> Preferences:
    """Replace every preference, then decide held offers again; return what was saved.

    Raises ValidationError naming every bad field; then nothing changes.
    """
    with _deciding_again(store, now):
        saved = preferences.save(store, prefs)
    return saved


def add_intent(store: Store, values: dict[str, Any], *, now: datetime) -> int:
    """Open an intent, then decide held offers again; return its id.

    Raises ValidationError naming every bad field; then nothing changes.
    """
    with _deciding_again(store, now):
        intent_id = intents.add(store, values, now=now)
    return intent_id


def update_intent(store: Store, intent_id: int, values: dict[str, Any], *,
                  now: datetime) -> None:
    """Change an intent, then decide held offers again.

    Raises NotFound if there is no such intent, ValidationError naming every
    bad field; then nothing changes.
    """
    with _deciding_again(store, now):
        intents.update(store, intent_id, values, today=now.date())


def set_intent_status(store: Store, intent_id: int, status: str, *, now: datetime) -> None:
    """Close or reopen an intent, then decide held offers again.

    Raises NotFound if there is no such intent.
    """
    with _deciding_again(store, now):
        intents.set_status(store, intent_id, status, now=now)


def delete_intent(store: Store, intent_id: int, *, now: datetime) -> None:
    """Forget an intent, then decide held offers again. Raises NotFound if there is none."""
    with _deciding_again(store, now):
        intents.delete(store, intent_id)


def pause_grant(store: Store, grant_id: int, *, now: datetime) -> None:
    """Pause a brand's access; its held offers then wait (decided again, held).

    Raises NotFound if there is no such grant, Conflict unless it is active.
    """
    with _deciding_again(store, now):
        grants.pause(store, grant_id, now=now)


def resume_grant(store: Store, grant_id: int, *, now: datetime) -> None:
    """Let a paused brand's access work again, and decide its waiting offers again.

    Raises NotFound if there is no such grant, Conflict unless it is paused.
    """
    with _deciding_again(store, now):
        grants.resume(store, grant_id, now=now)


def revoke_grant(store: Store, grant_id: int, *, now: datetime) -> None:
    """End a brand's access now; its held offers are turned away.

    Raises NotFound if there is no such grant.
    """
    with _deciding_again(store, now):
        grants.revoke(store, grant_id, now=now)


def open_offer(store: Store, offer_id: int, *, now: datetime) -> stored.StoredOffer:
    """The offer, noted as opened. Raises NotFound if there is no such offer."""
    stored.mark_opened(store, offer_id, now=now)
    return stored.get(store, offer_id)


def accept(store: Store, offer_id: int, *, now: datetime) -> None:
    """The consumer takes the offer up. Raises NotFound if there is no such offer.

    Held offers are decided again with it: the consumer acts on the inbox as
    it stands now (agent.outlook), and acting records it.
    """
    with _deciding_again(store, now):
        stored.set_action(store, offer_id, "accepted", now=now)


def dismiss(store: Store, offer_id: int, *, now: datetime) -> None:
    """The consumer puts the offer away; held offers are decided again, as for `accept`.

    Raises NotFound if there is no such offer.
    """
    with _deciding_again(store, now):
        stored.set_action(store, offer_id, "dismissed", now=now)


def never_from_brand(store: Store, offer_id: int, *, now: datetime) -> stored.StoredOffer:
    """Block the offer's brand, dismiss the offer and decide held offers again."""
    with _deciding_again(store, now):
        offer = stored.get(store, offer_id)
        prefs = preferences.get(store)
        preferences.save(store, replace(
            prefs, blocked_brands=prefs.blocked_brands | {offer.brand_name}))
        stored.set_action(store, offer_id, "dismissed", now=now)
    return offer


def put_back(store: Store, offer_id: int, *, now: datetime) -> stored.StoredOffer:
    """Take back an accept or a dismissal; held offers are decided again, as for `accept`.

    Raises NotFound if there is no such offer.
    """
    with _deciding_again(store, now):
        stored.clear_action(store, offer_id)
    return stored.get(store, offer_id)


def hear_again(store: Store, offer_id: int, *, now: datetime) -> stored.StoredOffer:
    """Undo "never from this brand": unblock the offer's brand and put the offer back.

    The brand's offers that the block turned away when it was made wait again
    and are decided again with the others; those that arrived while it was
    blocked stay turned away. Raises NotFound if there is no such offer.
    """
    with _deciding_again(store, now):
        offer = stored.get(store, offer_id)
        prefs = preferences.get(store)
        key = offer.brand_name.casefold()
        preferences.save(store, replace(prefs, blocked_brands=frozenset(
            b for b in prefs.blocked_brands if b.casefold() != key)))
        stored.clear_action(store, offer_id)
        for turned in stored.declined_at(store, offer.brand_name, offer.action_at or now):
            if any(r.get("code") == "brand_blocked" for r in turned.outcome.reasons):
                stored.decide_again(store, turned.id, stored.Outcome(HOLD, 0), now=now)
    return stored.get(store, offer_id)


def less_of_category(store: Store, offer_id: int, *, now: datetime) -> int:
    """Lower the interest in the offer's category, dismiss it, decide held ones again.

    The weight starts from the narrowest interest holding the category and is kept for
    the offer's category itself (less of Books leaves Leisure as it was). Returns the new
    weight (0 to 100).
    """
    with _deciding_again(store, now):
        offer = stored.get(store, offer_id)
        prefs = preferences.get(store)
        lineage = categories.lineage(offer.category)
        key = next((c for c in prefs.interests if categories.key(c) == lineage[0]),
                   offer.category)
        by_key = {categories.key(c): w for c, w in prefs.interests.items()}
        weight = max(0, (context.nearest(by_key, lineage) or 0) - LESS_STEP)
        preferences.save(store, replace(prefs, interests={**prefs.interests, key: weight}))
        stored.set_action(store, offer_id, "dismissed", now=now)
    return weight
