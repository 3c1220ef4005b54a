"""Your shops: every spelling of a shop folded into one; merge, split, rename, categorise.

Merging and splitting move purchases from one shop to another: both ask first
(on a page when JavaScript did not), saying how many purchases move.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from vault import merchants
from vault.errors import Conflict, ValidationError
from web import confirm, runtime
from web.auth import login_required
from web.categories import label
from web.clock import now
from web.forms import ActionForm, options, show_problems
from web.ui.blueprint import bp
from web.ui.forms.merchants import MerchantCategoryForm, MergeForm, RenameForm


@bp.get("/purchases/shops", endpoint="merchants")
@login_required
def merchants_list():
    """Every shop in your purchases, with the ways its name was written."""
    return render_template("purchases/merchants.html",
                           merchants=merchants.listing(runtime.store()))


def _page(merchant: merchants.Merchant, status: int = 200, **forms):
    """The shop's page, with the forms given (the others fresh)."""
    merge = forms.get("merge") or MergeForm()
    merge.other.choices = options([("", _("— choose a shop —"))] + [
        (str(m.id), m.name) for m in merchants.listing(runtime.store()) if m.id != merchant.id])
    return render_template(
        "purchases/merchant.html", merchant=merchant, merge=merge,
        rename=forms.get("rename") or RenameForm(data={"name": merchant.name}),
        category=forms.get("category") or MerchantCategoryForm(
            data={"category": merchant.category or ""})), status


@bp.get("/purchases/shops/<int:merchant_id>")
@login_required
def merchant_detail(merchant_id: int):
    """One shop: its spellings, its category, and what can be done with it."""
    return _page(merchants.get(runtime.store(), merchant_id))


def _done(merchant_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("ui.merchant_detail", merchant_id=merchant_id), 303)


@bp.post("/purchases/shops/<int:merchant_id>/name")
@login_required
def merchant_rename(merchant_id: int):
    """Show the shop under another name."""
    store = runtime.store()
    merchant, form = merchants.get(store, merchant_id), RenameForm()
    if form.validate_on_submit():
        try:
            renamed = merchants.rename(store, merchant_id, form.name.data)
        except ValidationError as e:
            show_problems(form, e)
        except Conflict:
            form.name.errors = [_("Another shop already has this name: merge the two instead.")]
        else:
            return _done(merchant_id, _("The shop is now called %(name)s.", name=renamed.name))
    return _page(merchant, 422, rename=form)


@bp.post("/purchases/shops/<int:merchant_id>/category")
@login_required
def merchant_category(merchant_id: int):
    """Choose the category of the shop's purchases when a file names none."""
    store = runtime.store()
    merchant, form = merchants.get(store, merchant_id), MerchantCategoryForm()
    if form.validate_on_submit() and (form.category.data or "").strip():
        chosen = merchants.set_category(store, merchant_id, form.category.data)
        return _done(merchant_id, _("Purchases you import from %(shop)s will be filed under "
                                    "%(category)s.", shop=chosen.name,
                                    category=label(chosen.category)))
    form.category.errors = [_("Choose a category.")]
    return _page(merchant, 422, category=form)


@bp.post("/purchases/shops/<int:merchant_id>/merge")
@login_required
def merchant_merge(merchant_id: int):
    """Fold another shop into this one, after saying what moves."""
    store = runtime.store()
    merchant, form = merchants.get(store, merchant_id), MergeForm()
    chosen = form.other.data or ""
    # A shop's number as the pick-list gives it: ASCII digits, within SQLite's integers.
    other_id = int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) < 19 else None
    if not form.validate_on_submit() or other_id is None or other_id == merchant_id:
        form.other.errors = [_("Choose the other shop.")]
        return _page(merchant, 422, merge=form)
    other = merchants.get(store, other_id)
    if not confirm.confirmed():
        return confirm.page(what_happens=ngettext(
            "%(other)s and its %(num)d purchase become part of %(shop)s, with every way its "
            "name was written. Later purchases written so go to %(shop)s too. You can split "
            "them off again.",
            "%(other)s and its %(num)d purchases become part of %(shop)s, with every way its "
            "name was written. Later purchases written so go to %(shop)s too. You can split "
            "them off again.", other.orders, other=other.name, shop=merchant.name),
            button=_("Merge the two shops"),
            back=url_for("ui.merchant_detail", merchant_id=merchant_id),
            fields={"other": str(other_id)})
    try:
        merchants.merge(store, merchant_id, other_id)
    except Conflict:
        flash(_("Both shops hold a purchase with the same order number, surely one purchase "
                "entered twice: delete one of the two, then merge the shops."), "error")
        return redirect(url_for("ui.merchant_detail", merchant_id=merchant_id), 303)
    return _done(merchant_id, _("%(other)s is now part of %(shop)s.", other=other.name,
                                shop=merchant.name))


@bp.post("/purchases/shops/spellings/<int:spelling_id>/split")
@login_required
def merchant_split(spelling_id: int):
    """Make one way a shop's name was written a shop of its own, after saying what moves."""
    store = runtime.store()
    owner = merchants.of_spelling(store, spelling_id)
    spelling = next(s for s in owner.spellings if s.id == spelling_id)
    if not ActionForm().validate_on_submit():
        return _page(owner, 422)
    if not confirm.confirmed():
        return confirm.page(what_happens=ngettext(
            "The %(num)d purchase written “%(spelling)s” leaves %(shop)s and becomes a shop "
            "of its own.", "The %(num)d purchases written “%(spelling)s” leave %(shop)s and "
            "become a shop of their own.", spelling.orders, spelling=spelling.spelling,
            shop=owner.name), button=_("Split it off"),
            back=url_for("ui.merchant_detail", merchant_id=owner.id))
    try:
        apart = merchants.split(store, spelling_id, now=now())
    except Conflict:  # its name is another shop's: merging is what the consumer wants
        flash(_("Another shop already has this name: merge the two instead."), "error")
        return redirect(url_for("ui.merchant_detail", merchant_id=owner.id), 303)
    return _done(apart.id, _("%(shop)s is now a shop of its own.", shop=apart.name))
