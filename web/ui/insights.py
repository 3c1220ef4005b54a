"""Insights: spend per month and per category as charts; what a brand's CRM computes about you."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import gettext as _

from vault import insights
from vault.money import exponent
from web import charts, runtime
from web.auth import login_required
from web.categories import label
from web.clock import local_today
from web.formatting import amount, month, whole_amount
from web.ui.blueprint import bp

MONTHS = 24
TOP_CATEGORIES = 10


@bp.get("/insights", endpoint="insights")
@login_required
def insights_page():
    """The charts and the per-shop recency / frequency / amount table."""
    store = runtime.store()
    currency = insights.main_currency(store)
    today = local_today()
    months = [s for s in insights.spend_by_month(store, months=MONTHS, today=today)
              if s.currency == currency]
    categories = [s for s in insights.spend_by_category(store) if s.currency == currency]
    merchants = insights.rfm(store, by="merchant", today=today)
    return render_template(
        "insights.html", currency=currency, months=_month_chart(months, currency),
        categories=_category_chart(categories, currency),
        merchants=list(zip(merchants, insights.scores(merchants), strict=True)),
        other_currencies=sorted({r.currency for r in merchants} - {currency}),
        total_months=sum(s.minor for s in months), has_orders=bool(merchants),
        segment_names=_segment_names(), segment_help=_segment_help())


def _segment_names() -> dict[str, str]:
    return {"champion": _("Best customer"), "loyal": _("Loyal"), "new": _("New customer"),
            "at_risk": _("About to leave"), "lost": _("Lost"), "occasional": _("Occasional")}


def _segment_help() -> dict[str, str]:
    return {
        "champion": _("You buy often and lately: expect early access, loyalty perks, and many"
                      " messages."),
        "loyal": _("You come back regularly: expect points and “thank you” offers."),
        "new": _("You bought recently for the first times: expect welcome offers to make you"
                 " come back."),
        "at_risk": _("You used to buy often but not lately: expect “we miss you” discounts."),
        "lost": _("You have not bought for a long time: a brand may try one last offer, or"
                  " stop writing."),
        "occasional": _("You buy now and then: expect seasonal campaigns."),
    }


def _month_chart(months: list[insights.Spend], currency: str) -> dict:
    values = [(_month_label(s.key), s.minor, amount(s.minor, currency)) for s in months]
    peak = max(months, key=lambda s: s.minor, default=None)
    wide = charts.columns(values, lambda v: _whole(v, currency), charts.WIDE)
    return {"wide": wide, "narrow": charts.columns(values, lambda v: _whole(v, currency),
                                                   charts.NARROW),
            "peak": peak and _month_label(peak.key, long=True),
            "peak_text": peak and amount(peak.minor, currency),
            "rows": list(zip(months, wide.bars, strict=True))}


def _category_chart(spend: list[insights.Spend], currency: str) -> dict:
    top, rest = spend[:TOP_CATEGORIES], spend[TOP_CATEGORIES:]
    values = [(label(s.key), s.minor, amount(s.minor, currency)) for s in top]
    if rest:
        other = sum(s.minor for s in rest)
        values.append((_("other categories"), other, amount(other, currency)))
    return {"wide": charts.rows(values, charts.WIDE_ROWS),
            "narrow": charts.rows(values, charts.NARROW_ROWS), "rows": spend}


def _month_label(key: str, *, long: bool = False) -> str:
    return month(date.fromisoformat(key + "-01"), long=long)


def _whole(minor: float, currency: str) -> str:
    """An axis label: whole currency units with the currency's symbol."""
    return whole_amount(round(minor / 10 ** exponent(currency)), currency)
