"""Adding and changing an order with a variable number of item rows (no JavaScript needed).

The form shows a few empty item rows; "Add another row" re-displays it with
one more, keeping what was typed. Empty rows are ignored when saving.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from vault import purchases
from vault.errors import Conflict, ValidationError
from vault.purchases import Order
from web import runtime
from web.auth import login_required
from web.clock import now
from web.formatting import plain_amount
from web.forms import show_problems
from web.forms import status as form_status
from web.ui.blueprint import bp
from web.ui.forms.purchases import OrderForm

ZONES = ("Europe/Paris", "Europe/Brussels", "Europe/Zurich", "Europe/Luxembourg",
         "Europe/London", "Europe/Madrid", "Europe/Berlin", "Europe/Rome", "America/Montreal",
         "Indian/Reunion", "America/Guadeloupe", "UTC")


@bp.route("/purchases/new", methods=["GET", "POST"], endpoint="order_new")
@login_required
def order_new():
    """Add a purchase by hand."""
    return _order_page(None)


@bp.route("/purchases/<int:order_id>/edit", methods=["GET", "POST"])
@login_required
def order_edit(order_id: int):
    """Change a purchase and its items."""
    return _order_page(purchases.get(runtime.store(), order_id))


def _order_page(order: Order | None):
    form = OrderForm(data=_data(order) if order else None)
    adding = form.add_row.data or (order is not None and not form.is_submitted())
    if adding:  # a spare row on an existing order, or the one asked for
        form.items.append_entry()
    elif form.validate_on_submit():
        saved = _save(form, order)
        if saved is not None:
            flash(_("The purchase is saved."), "success")
            return redirect(url_for("ui.order_detail", order_id=saved))
    store = runtime.store()
    status = form_status(form)
    return render_template("purchases/form.html", form=form, order=order, zones=ZONES,
                           merchants=purchases.merchants(store)), status


def _save(form: OrderForm, order: Order | None) -> int | None:
    """Store the order; None (with the problems on the form) when the vault refuses it."""
    values, rows = _values(form)
    store, moment = runtime.store(), now()
    try:
        checked = purchases.check(values, now=moment)
        if order is None:
            return purchases.add(store, checked, now=moment)
        purchases.update(store, order.id, checked)
        return order.id
    except ValidationError as e:
        show_problems(form, e, rename=lambda name: _form_field(name, rows))
        _check_moment(form)
        if _number_taken(form, order):  # said now too, not in a second round
            _say_number_taken(form)
    except Conflict:
        _say_number_taken(form)
    return None


def _number_taken(form: OrderForm, order: Order | None) -> bool:
    merchant, ref = (form.merchant.data or "").strip(), (form.merchant_order_id.data or "").strip()
    found = merchant and ref and purchases.find_by_ref(runtime.store(), merchant, ref)
    return bool(found) and (order is None or found != order.id)


def _say_number_taken(form: OrderForm) -> None:
    form.merchant_order_id.errors = [_("Another purchase at this shop has this order number"
                                       " already.")]


def _values(form: OrderForm) -> tuple[dict, list[int]]:
    """The order as the vault takes it, and the form row of each item kept."""
    rows = [n for n, entry in enumerate(form.items.entries) if not entry.form.is_blank()]
    items = [{k: form.items.entries[n].form.data[k]
              for k in ("name", "brand", "category", "quantity", "unit_price")} for n in rows]
    day, tz = (form.day.data or "").strip(), (form.tz.data or "").strip() or None
    time = (form.time.data or "").strip()
    moment = f"{day}T{time or '12:00'}" if day else None  # noon: the day stays the day anywhere
    if moment and tz and tz[0] in "+-":  # a fixed offset such as +01:00, not a zone name
        moment, tz = moment + tz, None
    return {"merchant": form.merchant.data, "merchant_order_id": form.merchant_order_id.data,
            "ordered_at": moment, "tz": tz, "time_given": bool(time),
            "channel": form.channel.data, "currency": form.currency.data, "items": items}, rows


def _form_field(name: str, rows: list[int]) -> str | None:
    """Where a vault problem goes on the form."""
    if name == "ordered_at":
        return "day"
    if name == "items":
        return "items.0.name"
    if name.startswith("items["):
        index, _sep, field = name[6:].partition("].")
        field = "unit_price" if field == "unit_price_minor" else field
        return f"items.{rows[int(index)]}.{field}"
    return name


def _check_moment(form: OrderForm) -> None:
    """Say precisely which of the date and the time is malformed."""
    try:
        date.fromisoformat((form.day.data or "").strip())
    except ValueError:
        if form.day.data:
            form.day.errors = [_("This is not a date (expected YYYY-MM-DD).")]
        return
    text = (form.time.data or "").strip()
    if text:
        try:
            datetime.strptime(text, "%H:%M")
        except ValueError:
            form.time.errors = [_("This is not a time (expected e.g. 14:30).")]
            form.day.errors = []


def _data(order: Order) -> dict:
    """The form's initial values for an existing order."""
    zone = order.ordered_at.tzinfo
    return {"merchant": order.merchant, "merchant_order_id": order.merchant_order_id or "",
            "day": order.ordered_at.date().isoformat(),
            "time": order.ordered_at.strftime("%H:%M") if order.time_given else "",
            "tz": getattr(zone, "key", None) or order.ordered_at.isoformat()[-6:],
            "channel": order.channel, "currency": order.currency,
            "items": [{"name": i.name, "brand": i.brand or "", "category": i.category,
                       "quantity": str(i.quantity),
                       "unit_price": plain_amount(i.unit_price_minor, order.currency)}
                      for i in order.items]}
