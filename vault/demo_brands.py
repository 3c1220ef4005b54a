"""Two demo brands for the demo vault: one with live access and a history of reads.

Nothing here talks to a real brand: the names are shops of the demo consumer,
the redirect addresses are reserved example domains, and no secret is kept.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from vault import audit, brands, grants

_MOLLAT = {"client_name": "Librairie Mollat", "client_uri": "https://mollat.example",
           "purpose": "Vous proposer des nouveautés dans les genres que vous lisez vraiment.",
           "redirect_uris": ["https://mollat.example/coffre/callback"],
           "scope": "profile:read purchases:summary offers:write"}
_DECATHLON = {"client_name": "Decathlon", "client_uri": "https://decathlon.example",
              "purpose": "Adapter nos offres à vos sports et à votre ville.",
              "redirect_uris": ["https://decathlon.example/oauth/callback"],
              "scope": "profile:read intents:read offers:write"}


def populate(store, *, now: datetime) -> None:
    """Add the demo brands, Mollat's grant, and a week of its reads and one refused call."""
    with store.atomic():
        mollat, _ = brands.add(store, _MOLLAT, source="manual", now=now - timedelta(days=40))
        brands.add(store, _DECATHLON, source="manual", now=now - timedelta(days=3))
        grant = grants.create(store, mollat.id, frozenset({"profile:read", "purchases:summary",
                                                           "offers:write"}),
                              purpose=mollat.purpose, expires_at=now + timedelta(days=325),
                              now=now - timedelta(days=40))
        for days, endpoint, scope, records, fields in (
            (6, "/api/v1/profile", "profile:read", 1, ["name", "age_band", "city", "language"]),
            (6, "/api/v1/purchases/summary", "purchases:summary", 1,
             ["by_category", "by_month", "rfm"]),
            (1, "/api/v1/purchases/summary", "purchases:summary", 1,
             ["by_category", "by_month", "rfm"]),
        ):
            audit.record(store, at=now - timedelta(days=days), method="GET", endpoint=endpoint,
                         outcome="allowed", brand_id=mollat.id, brand_name=mollat.name,
                         grant_id=grant.id, scope=scope, records=records, fields=fields)
        audit.record(store, at=now - timedelta(hours=20), method="GET",
                     endpoint="/api/v1/purchases", outcome="refused",
                     reason="insufficient_scope", brand_id=mollat.id, brand_name=mollat.name,
                     grant_id=grant.id)
