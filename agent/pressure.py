"""Commercial pressure: weekly caps per brand and overall, quiet hours, channels.

A "week" is any rolling seven days. A delivery at `t` is allowed only while
fewer than `limit` deliveries lie strictly within seven days of `t` on either
side: with a clock that only moves forward that is exactly the last seven
days, and with any other clock no seven-day window ever holds more than the
limit.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from agent.reasons import DECLINE, HOLD, Reason, reason

if TYPE_CHECKING:
    from agent.context import Context
    from agent.offers import Offer

WEEK = timedelta(days=7)
_WEEK_SECONDS = WEEK.total_seconds()


class Tally:
    """When offers were delivered, per brand (case-folded) and overall, in order."""

    __slots__ = ("_brands", "_overall")

    def __init__(self, deliveries: Iterable[tuple[str, datetime]] = ()):
        self._overall: list[float] = []
        self._brands: dict[str, list[float]] = {}
        for brand_key, moment in deliveries:
            self.add(brand_key, moment)

    def add(self, brand_key: str, moment: datetime) -> None:
        """Count one delivery."""
        stamp = moment.timestamp()
        insort(self._overall, stamp)
        insort(self._brands.setdefault(brand_key, []), stamp)

    def near(self, brand_key: str | None, moment: datetime) -> int:
        """Deliveries (of one brand, or of all with None) less than a week from `moment`."""
        stamps = self._overall if brand_key is None else self._brands.get(brand_key, ())
        stamp = moment.timestamp()
        return bisect_left(stamps, stamp + _WEEK_SECONDS) - bisect_right(
            stamps, stamp - _WEEK_SECONDS)


def brand_cap(offer: Offer, ctx: Context) -> Reason | None:
    """Decline once the brand has used up its weekly allowance."""
    limit = ctx.consumer.per_brand_weekly
    if limit is None:
        return None
    count = ctx.tally.near(offer.brand_key, ctx.now)
    if count < limit:
        return None
    return reason("brand_cap", DECLINE, brand=offer.brand, count=count, limit=limit)


def overall_cap(offer: Offer, ctx: Context) -> Reason | None:
    """Hold for the digest once the week's overall allowance is used up."""
    limit = ctx.consumer.overall_weekly
    if limit is None:
        return None
    count = ctx.tally.near(None, ctx.now)
    if count < limit:
        return None
    return reason("overall_cap", HOLD, count=count, limit=limit)


def quiet_hours(offer: Offer, ctx: Context) -> Reason | None:
    """Hold an offer that arrives during quiet hours, for the next morning's digest."""
    quiet = ctx.consumer.quiet_hours
    if quiet is None or not is_quiet(ctx.now.astimezone(ctx.consumer.zone).time(), quiet):
        return None
    return reason("quiet_hours", HOLD, start=quiet[0].strftime("%H:%M"),
                  end=quiet[1].strftime("%H:%M"))


def is_quiet(moment: time, quiet: tuple[time, time]) -> bool:
    """True if `moment` lies in [start, end), a span that may cross midnight."""
    start, end = quiet
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def channel(offer: Offer, ctx: Context) -> Reason | None:
    """Decline an offer on a channel the consumer did not allow (none listed: all allowed)."""
    allowed = ctx.consumer.channels
    if not allowed or offer.channel in allowed:
        return None
    return reason("channel", DECLINE, channel=offer.channel)
