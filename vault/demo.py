"""A plausible synthetic consumer, for the demo vault and for benchmarks.

Nothing here is about a real person: names, addresses and purchases are drawn
from a seeded generator, so the same seed always gives the same vault.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from vault import intents, preferences, profile, purchases
from vault.money import Money
from vault.preferences import Preferences
from vault.provenance import Provenance
from vault.purchases import Item, Order
from vault.store import Store

DEMO = Provenance("demo", "coffre demo")
PARIS = ZoneInfo("Europe/Paris")

# kind of shop -> [(category code, item names, brands, price range in cents)]
# (codes of vault/categories.json, as a form or a brand filing by code would store them)
_CATALOGUE: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[int, int]]]] = {
    "groceries": [("01", ("Baguette", "Comté 250 g", "Pommes 1 kg", "Café moulu",
                                 "Yaourts x8", "Huile d'olive"), ("Bio Village", "Président",
                                                                  "Carte Noire"), (90, 1400))],
    "books": [("09.7.1", ("Roman", "Bande dessinée", "Guide de voyage", "Livre de cuisine"),
               ("Gallimard", "Dargaud", "Lonely Planet"), (800, 3500))],
    "fashion": [("03.1", ("T-shirt", "Jean", "Pull en laine", "Veste"),
                 ("Petit Bateau", "Levi's", "Armor Lux"), (1500, 12000)),
                ("03.2", ("Baskets", "Bottines"), ("Veja", "Adidas"), (6000, 16000))],
    "electronics": [("08.1", ("Casque audio", "Chargeur USB-C", "Souris", "Liseuse"),
                     ("Sony", "Anker", "Logitech", "Kobo"), (1500, 25000))],
    "home": [("05", ("Lampe", "Coussin", "Casserole", "Ampoules x4"),
              ("IKEA", "Le Creuset", "Philips"), (500, 18000)),
             ("09.3.1", ("Terreau 40 L", "Plant de tomate", "Arrosoir"), ("Truffaut",),
              (300, 4000))],
    "beauty": [("13.1", ("Crème hydratante", "Shampooing", "Savon de Marseille"),
                ("Nuxe", "La Roche-Posay", "Marius Fabre"), (400, 4500))],
    "sport": [("09.2.2", ("Chaussettes running", "Gourde", "Tapis de yoga", "Raquette"),
               ("Kalenji", "Domyos", "Artengo"), (500, 9000))],
    "travel": [("07.3", ("Billet de train Paris–Lyon", "Billet TER", "Nuit d'hôtel"),
                ("SNCF", "Ibis"), (1500, 16000))],
    "restaurants": [("11.1", ("Menu midi", "Dîner", "Pizza à emporter"), (),
                     (1200, 6000))],
    "culture": [("09.6", ("Place de cinéma", "Concert", "Exposition"), (), (900, 6500))],
}

_MERCHANTS = [
    ("Monoprix", "groceries", "store"), ("Carrefour", "groceries", "store"),
    ("Biocoop", "groceries", "store"), ("Picard", "groceries", "store"),
    ("La Grande Épicerie", "groceries", "store"), ("Franprix", "groceries", "store"),
    ("Lidl", "groceries", "store"), ("Boulangerie Dupont", "groceries", "store"),
    ("Fnac", "books", "web"), ("Gibert Joseph", "books", "store"),
    ("Cultura", "books", "store"), ("Librairie Mollat", "books", "web"),
    ("Decathlon", "sport", "store"), ("Go Sport", "sport", "web"),
    ("Boulanger", "electronics", "web"), ("Darty", "electronics", "store"),
    ("LDLC", "electronics", "web"), ("Zalando", "fashion", "app"),
    ("Uniqlo", "fashion", "store"), ("Celio", "fashion", "store"),
    ("Sézane", "fashion", "web"), ("Galeries Lafayette", "fashion", "store"),
    ("Vinted", "fashion", "app"), ("IKEA", "home", "store"), ("Leroy Merlin", "home", "store"),
    ("Maisons du Monde", "home", "web"), ("Castorama", "home", "store"),
    ("Truffaut", "home", "store"), ("Sephora", "beauty", "store"),
    ("Nocibé", "beauty", "web"), ("Pharmacie du Marché", "beauty", "store"),
    ("SNCF Connect", "travel", "app"), ("Booking.com", "travel", "web"),
    ("BlaBlaCar", "travel", "app"), ("Le Petit Zinc", "restaurants", "store"),
    ("Deliveroo", "restaurants", "app"), ("Big Mamma", "restaurants", "store"),
    ("UGC", "culture", "app"), ("Fnac Spectacles", "culture", "web"),
    ("Musée d'Orsay", "culture", "web"),
]
# How often each kind of shop is visited, relative to the others.
_WEIGHTS = {"groceries": 10, "restaurants": 3, "books": 2, "fashion": 2, "home": 1.5,
            "electronics": 0.6, "beauty": 1.5, "sport": 1, "travel": 0.8, "culture": 1.2}


def orders(*, count: int, today: date, years: float = 3.0, seed: int = 7) -> Iterator[Order]:
    """`count` synthetic orders spread over the `years` before `today`, oldest first."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible fake data, not secrets
    merchant_weights = [_WEIGHTS[kind] for _, kind, _ in _MERCHANTS]
    span = int(years * 365)
    days = sorted(rng.randrange(span) for _ in range(count))
    for n, back in enumerate(reversed(days)):
        name, kind, channel = rng.choices(_MERCHANTS, weights=merchant_weights)[0]
        day = today - timedelta(days=back)
        moment = datetime.combine(day, time(rng.randint(8, 20), rng.randrange(60)), PARIS)
        yield Order(merchant=name, ordered_at=moment, channel=channel, currency="EUR",
                    items=tuple(_items(rng, kind)), merchant_order_id=f"{name[:3].upper()}-{n:07d}")


def _items(rng: random.Random, kind: str) -> list[Item]:
    lines = []
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        category, names, brands, (low, high) = rng.choice(_CATALOGUE[kind])
        lines.append(Item(name=rng.choice(names), category=category,
                          quantity=rng.choice((1, 1, 1, 2, 3)),
                          unit_price_minor=rng.randrange(low, high, 5),
                          brand=rng.choice(brands) if brands else None))
    return lines


def populate(store: Store, *, today: date, orders_count: int = 1400,
             progress: Callable[[int], None] | None = None) -> None:
    """Fill an empty vault with the demo consumer: profile, purchases, preferences, intents."""
    morning = datetime.combine(today, time(9, 0), UTC)  # when the demo consumer filled it in
    with store.atomic():
        _profile(store, morning)
        purchases.add_many(store, orders(count=orders_count, today=today), provenance=DEMO,
                           progress=progress)
        preferences.save(store, Preferences(
            interests={"09.7.1": 80, "09.6": 70, "09.2.2": 40, "01": 30, "07.3": 60},
            blocked_brands=frozenset({"Shein"}), blocked_categories=frozenset({"09.4.7"}),
            channels=("email", "app", "post"), per_brand_weekly=2, overall_weekly=10,
            quiet_hours=(time(21, 0), time(8, 0)),
            price_ceilings={"08.1": Money(30000, "EUR")},
            min_reward=Money(500, "EUR"),
        ), provenance=DEMO)
        for values in (
            {"category": "07.1.3", "description": "Un vélo de ville d'occasion",
             "budget": "400", "place": "Lyon", "expires_on": (today + timedelta(days=60))},
            {"category": "07.3", "description": "Un week-end à Lisbonne en mars",
             "budget": "600", "expires_on": (today + timedelta(days=90))},
        ):
            intents.add(store, values, now=morning, provenance=DEMO)


def _profile(store: Store, now: datetime) -> None:
    profile.set_identity(store, {
        "given_name": "Camille", "family_name": "Martin", "birth_date": "1988-05-17",
        "gender": "prefer_not_to_say", "profession": "Architecte", "income_band": "40k_60k",
        "language": "fr",
    }, now=now, provenance=DEMO)
    profile.add_email(store, "camille.martin@example.org", label="personnel", provenance=DEMO)
    profile.add_email(store, "c.martin@example.com", label="travail", provenance=DEMO)
    profile.add_phone(store, "+33 6 12 34 56 78", label="mobile", provenance=DEMO)
    profile.add_address(store, {"label": "domicile", "line1": "12 rue des Lilas",
                                "postcode": "69003", "city": "Lyon", "country": "FR"},
                        provenance=DEMO)
    profile.add_merchant_id(store, "Fnac", "loyalty_card", "FNAC-0042-7781", provenance=DEMO)
    profile.add_merchant_id(store, "Decathlon", "loyalty_card", "2090 1234 5678",
                            provenance=DEMO)
    profile.add_merchant_id(store, "SNCF Connect", "customer_number", "SNCF88231",
                            provenance=DEMO)


def bulk_orders(store: Store, count: int, *, until: datetime) -> None:
    """Add `count` one-item orders, ten minutes apart back from `until`, in one statement each.

    For benchmarks and tests that need a large vault quickly: SQLite makes the
    rows itself, so filling 100k orders takes seconds, not minutes.
    """
    start = int(until.timestamp())
    with store.atomic():
        store.execute(
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)"
            " insert into orders (merchant, ordered_at, tz, local_day, channel, currency,"
            " total_minor, source, source_ref, added_at)"
            " select 'Shop ' || (i % 500), strftime('%Y-%m-%dT%H:%M:%SZ', ? - i * 600,"
            " 'unixepoch'), 'UTC', date(? - i * 600, 'unixepoch'), 'web', 'EUR', i % 10000,"
            " ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', ?, 'unixepoch') from n",
            (count, start, start, DEMO.source, DEMO.ref, start))
        store.execute(
            "insert into order_items (order_id, name, category, quantity, unit_price_minor)"
            " select id, 'Item ' || hex(randomblob(24)), '09.7.1', 1, total_minor from orders"
            " where source_ref = ? and id not in (select order_id from order_items)",
            (DEMO.ref,))
