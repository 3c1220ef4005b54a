"""Brands & access: who can see what, until when; narrow, pause, revoke, block, invite, add."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from agent import inbox
from vault import audit, brands, grants, invitations, pushes
from vault.errors import Conflict, ValidationError
from web import confirm, runtime
from web.access.forms import KEEP, ExpiryForm, NarrowForm, NewBrandForm, scope_choices
from web.auth import login_required
from web.clock import now
from web.forms import ActionForm, options, show_problems
from web.security import external_url
from web.wording import CHANGE_TEXT, REASON_TEXT, SCOPE_TEXT, STATE_TEXT, expiry_for

bp = Blueprint("access", __name__, url_prefix="/access")


def _rows() -> list[dict]:
    """Each brand with its grants (newest first), their history and its use of them."""
    store, moment = runtime.store(), now()
    usage = audit.usage(store)
    rows = []
    for brand in brands.all_brands(store):
        found = grants.for_brand(store, brand.id)
        count, last = usage.get(brand.id, (0, None))
        rows.append({"brand": brand, "grants": found, "count": count, "last": last,
                     "history": {g.id: grants.history(store, g.id) for g in found},
                     "current": next((g for g in found if g.state(moment) in
                                      ("active", "paused")), None)})
        if rows[-1]["current"]:
            rows[-1]["consented"] = grants.consented(store, rows[-1]["current"].id)
    return rows


def warning(action: str, brand: brands.Brand) -> str:
    """What revoking or blocking does to this brand, said before it is done."""
    if action == "revoke":
        contact = ", ".join(brand.contacts) or brand.website or _("see its website")
        return _("%(brand)s will lose access now: its next call fails. It keeps what it already "
                 "received; ask it to delete that (its contact: %(contact)s).",
                 brand=brand.name, contact=contact)
    if action == "revoke-all":
        return _("Every access %(brand)s holds ends now, with all its keys. It can ask you "
                 "again later.", brand=brand.name)
    return _("%(brand)s will lose every access now and can never ask you again until you "
             "unblock it.", brand=brand.name)


BUTTONS = {"revoke": _l("Revoke this access"), "revoke-all": _l("Revoke everything for this brand"),
           "block": _l("Block this brand")}


def _ask(action: str, brand: brands.Brand):
    """The confirmation page of a destructive action, unless it was confirmed already."""
    if confirm.confirmed():
        return None
    return confirm.page(what_happens=warning(action, brand), button=str(BUTTONS[action]),
                        back=url_for("access.brands"))


@bp.get("/", endpoint="brands")
@login_required
def brands_page():
    """Brands that can see your data."""
    return render_template("access/brands.html", rows=_rows(), now=now(), narrow=NarrowForm(),
                           expiry=ExpiryForm(), action=ActionForm(), scope_text=SCOPE_TEXT,
                           state_text=STATE_TEXT, change_text=CHANGE_TEXT,
                           reason_text=REASON_TEXT, scope_choices=scope_choices,
                           warning=warning, buttons=BUTTONS,
                           invitations=invitations.pending(runtime.store(), now=now()))


def _done(message: str):
    flash(message, "success")
    return redirect(url_for("access.brands"))


def _acted() -> bool:
    """True when the posted form carries a valid CSRF token."""
    return ActionForm().validate_on_submit()


@bp.post("/grants/<int:grant_id>/narrow")
@login_required
def narrow(grant_id: int):
    """Change what a brand sees within what was allowed: first say what changes, then do it."""
    store = runtime.store()
    grant = grants.get(store, grant_id)
    form = NarrowForm()
    form.scopes.choices = options(scope_choices(grants.consented(store, grant_id)))
    chosen = frozenset(form.scopes.data or ())
    if not form.validate_on_submit() or chosen == grant.scopes:
        return _done(_("Nothing changed."))
    if not chosen:
        flash(_("Keep at least one thing ticked, or revoke the access instead."), "error")
        return redirect(url_for("access.brands"))
    if form.confirmed.data != "yes":
        return render_template("access/rescope.html", grant=grant, form=form,
                               brand=brands.get(store, grant.brand_id), scope_text=SCOPE_TEXT,
                               removed=scope_choices(grant.scopes - chosen),
                               added=scope_choices(chosen - grant.scopes))
    grants.rescope(store, grant_id, chosen, now=now())
    return _done(_("Done: the brand now sees only what you kept ticked."))


@bp.post("/grants/<int:grant_id>/expiry")
@login_required
def expiry(grant_id: int):
    """Keep the end, or set a new one counted from now."""
    form = ExpiryForm()
    if form.validate_on_submit() and form.duration.data != KEEP:
        moment = now()
        grants.set_expiry(runtime.store(), grant_id, expiry_for(form.duration.data, moment),
                          now=moment)
        return _done(_("The new end date is saved."))
    return _done(_("Nothing changed."))


_GRANT_ACTIONS = {
    "pause": (inbox.pause_grant,
              _l("The brand's access is paused: its calls fail until you resume it.")),
    "resume": (inbox.resume_grant, _l("The brand's access works again.")),
    "revoke": (inbox.revoke_grant,
               _l("The brand lost access now. It keeps what it already received.")),
}


@bp.post("/grants/<int:grant_id>/<any(pause, resume, revoke):action>")
@login_required
def grant_action(grant_id: int, action: str):
    """Pause, resume or revoke one grant (revoking asks first)."""
    if _acted():
        if action == "revoke":
            grant = grants.get(runtime.store(), grant_id)
            asked = _ask(action, brands.get(runtime.store(), grant.brand_id))
            if asked:
                return asked
        change, message = _GRANT_ACTIONS[action]
        try:
            change(runtime.store(), grant_id, now=now())
        except Conflict as e:
            flash(str(e), "error")
            return redirect(url_for("access.brands"))
        return _done(str(message))
    return _done(_("Nothing changed."))


_RECEIPTS = {
    "refuse-receipts": (lambda store, brand_id: pushes.refuse(store, brand_id, now=now()),
                        _l("Receipts this brand sends are refused from now on; those in your "
                           "vault stay.")),
    "accept-receipts": (pushes.accept, _l("Receipts this brand sends are filed again.")),
}


@bp.post("/brands/<int:brand_id>/<any('refuse-receipts', 'accept-receipts'):action>")
@login_required
def receipts_action(brand_id: int, action: str):
    """Refuse the receipts a brand pushes into your purchases, or accept them again."""
    if not _acted():
        return _done(_("Nothing changed."))
    change, message = _RECEIPTS[action]
    change(runtime.store(), brand_id)
    return _done(str(message))


@bp.post("/brands/<int:brand_id>/<any('revoke-all', block, unblock):action>")
@login_required
def brand_action(brand_id: int, action: str):
    """Revoke everything a brand holds, block it, or let it ask again."""
    if not _acted():
        return _done(_("Nothing changed."))
    store, moment = runtime.store(), now()
    asked = _ask(action, brands.get(store, brand_id)) if action in BUTTONS else None
    if asked:
        return asked
    if action == "revoke-all":
        grants.revoke_brand(store, brand_id, now=moment)
        return _done(_("Every access of this brand ended now."))
    if action == "block":
        brands.block(store, brand_id, now=moment)
        return _done(_("The brand is blocked: every access ended and it cannot ask again."))
    brands.unblock(store, brand_id)
    return _done(_("The brand may ask you for access again."))


@bp.post("/invite")
@login_required
def invite():
    """Create a one-time invitation a brand uses to register itself."""
    if not _acted():
        return _done(_("Nothing changed."))
    token = invitations.create(runtime.store(), now=now())
    return render_template("access/secret.html", kind="invitation", token=token,
                           register=external_url("oauth_endpoints.register"))


@bp.route("/brands/new", methods=["GET", "POST"])
@login_required
def new_brand():
    """Add a brand by hand; its client secret is shown once."""
    form = NewBrandForm()
    if form.validate_on_submit():
        values = {"client_name": form.client_name.data, "redirect_uris": [
            form.redirect_uri.data], "scope": " ".join(form.scopes.data or ()),
            "client_uri": form.client_uri.data or None, "purpose": form.purpose.data or None,
            "token_endpoint_auth_method": "none" if form.public.data else None}
        try:
            brand, secret = brands.add(runtime.store(), values, source="manual", now=now())
        except ValidationError as e:
            show_problems(form, e, rename={"redirect_uris": "redirect_uri", "scope": "scopes",
                                           "token_endpoint_auth_method": "public"})
        else:
            return render_template("access/secret.html", kind="brand", brand=brand,
                                   token=secret)
    return render_template("access/new_brand.html", form=form), (
        422 if request.method == "POST" else 200)
