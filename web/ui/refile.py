"""Re-filing purchases: one item under another category, or every item of an other word.

A brand's word that the vocabulary lacks is kept as "other: <word>"; the home page lists
those words, and the consumer files them here under a category of their choice.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from vault import categories, purchases
from web import runtime
from web.auth import login_required
from web.categories import label
from web.ui.blueprint import bp
from web.ui.forms.purchases import RefileForm


def item_form(position: int, category: str) -> RefileForm:
    """The re-file form of the item at `position`, its own ids prefixed so several fit a page."""
    return RefileForm(prefix=f"item{position}", data={"category": category})


@bp.post("/purchases/<int:order_id>/items/<int:position>/category")
@login_required
def refile_item(order_id: int, position: int):
    """File one item of a purchase under the category chosen."""
    store = runtime.store()
    order = purchases.get(store, order_id)
    if position >= len(order.items):
        abort(404)
    form = item_form(position, order.items[position].category)
    if form.validate_on_submit() and (form.category.data or "").strip():
        stored = purchases.refile(store, order_id, position, form.category.data)
        flash(_("“%(item)s” is now filed under %(category)s.", item=order.items[position].name,
                category=label(stored)), "success")
        return redirect(url_for("ui.order_detail", order_id=order_id), 303)
    form.category.errors = [_("Choose a category.")]
    refile = forms(order)
    refile[position] = form
    return render_template("purchases/detail.html", order=order, refile=refile), 422


@bp.route("/purchases/other/<path:word>", methods=["GET", "POST"], endpoint="refile_other")
@login_required
def refile_other(word: str):
    """Every item filed under one of your own words: see them, and file them all at once."""
    store = runtime.store()
    stored = f"{categories.OTHER_PREFIX}{word}"
    if not categories.is_other(stored):
        return redirect(url_for("ui.purchases", category=categories.resolve(stored).stored))
    form = RefileForm(data={"category": stored})
    if form.validate_on_submit():
        chosen = form.category.data or stored
        if categories.key(chosen) == categories.key(stored):  # left as it was: nothing to do
            form.category.errors = [_("Choose a category.")]
        else:
            moved = purchases.refile_other(store, stored, chosen)
            flash(ngettext("%(num)d item is now filed under %(category)s.",
                           "%(num)d items are now filed under %(category)s.", moved,
                           category=label(chosen)), "success")
            return redirect(url_for("ui.home"), 303)
    found, total = purchases.search(store, purchases.Filters(
        spellings=purchases.spellings(store, stored) or (stored,)), limit=50)
    return render_template("purchases/other.html", word=stored, form=form, orders=found,
                           total=total), 422 if form.errors else 200


def forms(order: purchases.Order) -> list[RefileForm]:
    """One re-file form per item of the order, for its page."""
    return [item_form(n, item.category) for n, item in enumerate(order.items)]
