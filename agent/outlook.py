"""The offers as they stand now, for pages that only read: held ones decided again in memory.

Time alone releases offers held for quiet hours, a start date or a weekly cap,
and expires others. A page shown on GET writes nothing, so it shows each held
offer as the agent decides it at the moment of reading; the vault records that
decision at the consumer's next action (`inbox.reevaluate`, inside each action).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from agent import inbox
from vault import offers as stored
from vault.store import Store

WeekRow = tuple[str, str, int, int, int, int]
_COLUMN = {"deliver": 3, "decline": 4}  # where a fresh verdict counts in a weekly row


@dataclass(frozen=True)
class Outlook:
    """The vault's offers with every held one as decided at `now`; nothing written."""

    store: Store
    now: datetime
    held: dict[int, stored.StoredOffer]  # every offer recorded as held, decided again

    def get(self, offer_id: int) -> stored.StoredOffer:
        """One offer as it stands. Raises NotFound if there is no such offer."""
        return self.held.get(offer_id) or stored.get(self.store, offer_id)

    def listed(self, state: str, *, limit: int = 500,
               newest_first: bool = False) -> list[stored.StoredOffer]:
        """As `vault.offers.in_state`, as things stand."""
        recorded = stored.in_state(self.store, state, limit=limit, newest_first=newest_first,
                                   settled=True)
        order = _newest if newest_first else _best
        return sorted([*recorded, *self._fresh(state)], key=order, reverse=True)[:limit]

    def count_in(self, state: str) -> int:
        """How many offers are in that state, as things stand."""
        return stored.count_in(self.store, state, settled=True) + len(self._fresh(state))

    def weekly(self, *, since: date) -> list[WeekRow]:
        """As `vault.offers.weekly`, with this week counting the deliveries and declines of now."""
        rows = {(r[0].casefold(), r[1]): list(r) for r in stored.weekly(self.store, since=since)}
        today = self.now.astimezone(UTC).date()
        monday = (today - timedelta(days=today.weekday())).isoformat()
        for offer in self.held.values():
            column = _COLUMN.get(offer.outcome.verdict)
            if column is not None:
                key = (offer.brand_name.casefold(), monday)
                rows.setdefault(key, [offer.brand_name, monday, 0, 0, 0, 0])[column] += 1
        names: dict[str, str] = {}
        for brand, *_ in rows.values():  # one spelling per brand, as vault.offers.weekly
            names[brand.casefold()] = min(names.get(brand.casefold(), brand), brand)
        return sorted(((names[k[0]], *r[1:]) for k, r in rows.items()),
                      key=lambda r: (r[0].casefold(), r[1]))

    def _fresh(self, state: str) -> list[stored.StoredOffer]:
        return [o for o in self.held.values() if stored.state(o) == state]


def load(store: Store, *, now: datetime) -> Outlook:
    """The offers as they stand at `now` (to the second, as the vault records it)."""
    now = now.replace(microsecond=0)
    return Outlook(store, now, {held.id: stored.as_decided(held, result, now=now)
                                for held, result in inbox.decide_held(store, now=now,
                                                                      keep_cache=False)})


def _best(offer: stored.StoredOffer) -> tuple:
    return offer.outcome.score, offer.received_at, offer.id


def _newest(offer: stored.StoredOffer) -> tuple:
    return offer.received_at, offer.id
