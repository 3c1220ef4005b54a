"""Purchases: the table with search, filters and pages; one order; deleting one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from vault import purchases, validate
from vault.errors import ValidationError
from vault.provenance import iso_utc, parse_utc
from vault.purchases import Filters
from web import categories, runtime
from web.auth import login_required
from web.forms import ActionForm, options, range_is_reversed
from web.forms import status as form_status
from web.ui import refile
from web.ui.blueprint import bp
from web.ui.forms.purchases import FilterForm

PAGE = 50


def filter_form() -> tuple[FilterForm, Filters]:
    """The filters from the query string; invalid ones are shown and ignored."""
    store = runtime.store()
    form = FilterForm(formdata=request.args)
    form.merchant.choices = options([("", _("All shops"))] + [
        (m, m) for m in purchases.merchants(store)])
    form.category.choices = categories.choices(purchases.categories(store),
                                               blank=_("All categories"))
    if not form.validate() or range_is_reversed(form.since, form.until):
        return form, Filters()
    return form, Filters(text=(form.q.data or "").strip() or None,
                         merchant=form.merchant.data or None,
                         category=_category(form.category.data),
                         since=form.since.data, until=form.until.data)


def _category(value: str | None) -> str | None:
    """The filter's category as stored; a word in the address is resolved as a brand's."""
    try:
        return validate.category("category", value, required=False)
    except ValidationError:  # too long to be one: no category matches it
        return "other:?"


def cursor(order: purchases.Order) -> str:
    """The page position just at `order`, for the "newer" and "older" links."""
    return f"{iso_utc(order.ordered_at)}~{order.id}"


def _parse_cursor(text: str | None) -> tuple[str, int] | None:
    if not text or "~" not in text:
        return None
    moment, _sep, ident = text.partition("~")
    try:
        parse_utc(moment)
        return moment, int(ident)
    except ValueError:
        return None


def _page(filters: Filters) -> tuple[list, bool, bool]:
    """One page of orders, newest first, and whether newer and older pages exist."""
    store = runtime.store()
    newer = _parse_cursor(request.args.get("newer"))
    if newer:
        rows = purchases.before(store, filters, cursor=newer, limit=PAGE + 1)
        return list(reversed(rows[:PAGE])), len(rows) > PAGE, True
    older = _parse_cursor(request.args.get("older"))
    rows = purchases.after(store, filters, cursor=older, limit=PAGE + 1)
    return rows[:PAGE], older is not None, len(rows) > PAGE


@bp.get("/purchases", endpoint="purchases")
@login_required
def purchases_list():
    """Your purchases, newest first, with search and filters."""
    form, filters = filter_form()
    orders, has_newer, has_older = _page(filters)
    args = {k: v for k, v in request.args.items() if k not in ("newer", "older") and v}
    return render_template(
        "purchases/list.html", form=form, orders=orders, args=args, filtered=filters != Filters(),
        total=purchases.count(runtime.store(), filters),
        newer=cursor(orders[0]) if orders and has_newer else None,
        older=cursor(orders[-1]) if orders and has_older else None,
    ), form_status(form)


@bp.get("/purchases/<int:order_id>")
@login_required
def order_detail(order_id: int):
    """One order, its items and where it came from."""
    order = purchases.get(runtime.store(), order_id)
    return render_template("purchases/detail.html", order=order, refile=refile.forms(order))


@bp.route("/purchases/<int:order_id>/delete", methods=["GET", "POST"])
@login_required
def order_delete(order_id: int):
    """Ask, then delete an order and its items."""
    store = runtime.store()
    order = purchases.get(store, order_id)
    form = ActionForm()
    if form.validate_on_submit():
        purchases.delete(store, order_id)
        flash(_("The purchase at %(shop)s is deleted from your vault.", shop=order.merchant),
              "success")
        return redirect(url_for("ui.purchases"))
    return render_template("purchases/delete.html", order=order, form=form)
