"""Profile: identity, e-mails, phones, addresses and merchant identifiers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from vault import identifiers, profile
from vault.errors import Conflict, ValidationError
from vault.store import Store
from web import confirm, runtime
from web.auth import login_required
from web.clock import now
from web.formatting import phone
from web.forms import ActionForm, show_problems
from web.forms import status as form_status
from web.ui.blueprint import bp
from web.ui.forms.profile import (
    MERCHANT_ID_KINDS,
    AddressForm,
    EmailForm,
    IdentityForm,
    MerchantIdForm,
    PhoneForm,
)

ADDRESS_FIELDS = ("label", "line1", "line2", "postcode", "city", "region", "country")


@dataclass(frozen=True)
class Kind:
    """One kind of profile record, as the page adds, lists, changes and removes it."""

    table: str
    form: type[FlaskForm]
    add: Callable[[Store, dict], int]
    update: Callable[[Store, int, dict], None]
    records: Callable[[profile.Profile], list]
    data: Callable[[Any], dict]  # the change form's initial values for a record
    title: str


KINDS = {
    "emails": Kind(
        "profile_emails", EmailForm,
        lambda s, d: profile.add_email(s, d["address"], label=d["label"], primary=d["primary"]),
        lambda s, i, d: profile.update_email(s, i, d["address"], label=d["label"],
                                             primary=d["primary"]),
        lambda p: p.emails,
        lambda e: {"address": e.address, "label": e.label or "", "primary": e.is_primary},
        _l("Change an e-mail address")),
    "phones": Kind(
        "profile_phones", PhoneForm,
        lambda s, d: profile.add_phone(s, d["number"], label=d["label"]),
        lambda s, i, d: profile.update_phone(s, i, d["number"], label=d["label"]),
        lambda p: p.phones,
        lambda r: {"number": phone(r.number), "label": r.label or ""},
        _l("Change a phone number")),
    "addresses": Kind(
        "profile_addresses", AddressForm, profile.add_address, profile.update_address,
        lambda p: p.addresses,
        lambda a: {k: getattr(a, k) or "" for k in ADDRESS_FIELDS},
        _l("Change an address")),
    "merchant-ids": Kind(
        "merchant_ids", MerchantIdForm,
        lambda s, d: profile.add_merchant_id(s, d["merchant"], d["kind"], d["value"]),
        lambda s, i, d: profile.update_merchant_id(s, i, d["merchant"], d["kind"], d["value"]),
        lambda p: p.merchant_ids,
        lambda m: {"merchant": m.merchant, "kind": m.kind, "value": m.value},
        _l("Change a loyalty card or account")),
}


def _forms(**given: FlaskForm) -> dict[str, FlaskForm]:
    """Every form of the page: those given (kept with their errors), fresh ones for the rest."""
    store = runtime.store()
    identity = profile.get_identity(store)
    forms = {"identity": IdentityForm(prefix="identity", data=_identity_data(identity))}
    forms.update({kind: k.form(prefix=kind.replace("-", "_"), formdata=None)
                  for kind, k in KINDS.items()})
    forms.update(given)
    return forms


def _identity_data(identity: profile.Identity) -> dict:
    data = {k: getattr(identity, k) or "" for k in profile.IDENTITY_FIELDS}
    data["birth_date"] = identity.birth_date.isoformat() if identity.birth_date else ""
    return data


def _page(status: int = 200, **given: FlaskForm):
    store = runtime.store()
    return render_template("profile.html", profile=profile.get(store),
                           forms=_forms(**given), kinds=MERCHANT_ID_KINDS,
                           suggestions=identifiers.pending(store),
                           removal_warning=removal_warning), status


@bp.get("/profile", endpoint="profile")
@login_required
def profile_page():
    """Everything in the profile, with a form for each part."""
    return _page()


@bp.post("/profile/identity")
@login_required
def profile_identity():
    """Save who you are."""
    form = IdentityForm(prefix="identity")
    if form.validate_on_submit():
        values = {k: form.data[k] for k in profile.IDENTITY_FIELDS}
        try:
            profile.set_identity(runtime.store(), values, now=now())
        except ValidationError as e:
            show_problems(form, e)
        else:
            flash(_("Your identity is saved."), "success")
            return redirect(url_for("ui.profile"))
    return _page(422, identity=form)


@bp.post("/profile/<kind>")
@login_required
def profile_add(kind: str):
    """Add an e-mail, phone, address or merchant identifier."""
    if kind not in KINDS:
        abort(404)
    form = KINDS[kind].form(prefix=kind.replace("-", "_"))
    if form.validate_on_submit():
        try:
            KINDS[kind].add(runtime.store(), _values(form))
        except ValidationError as e:
            show_problems(form, e)
        except Conflict:
            form.form_errors.append(_("This is in your profile already."))
        else:
            flash(_("Added to your profile."), "success")
            return redirect(url_for("ui.profile", _anchor=kind))
    return _page(422, **{kind: form})


def removal_warning(kind: str, record) -> str:
    """What removing this e-mail, phone, address or identifier does, said before it is done."""
    if kind == "emails":
        return _("Remove %(what)s from your profile? Brands you allowed will no longer see it.",
                 what=record.address)
    if kind == "phones":
        return _("Remove %(what)s from your profile? Brands you allowed will no longer see it.",
                 what=phone(record.number))
    if kind == "addresses":
        return _("Remove this address from your profile? Brands you allowed will no longer "
                 "see it.")
    return _("Remove this identifier from your profile?")


@bp.post("/profile/<kind>/<int:record_id>/remove")
@login_required
def profile_remove(kind: str, record_id: int):
    """Remove one e-mail, phone, address or merchant identifier (asked first)."""
    if kind not in KINDS:
        abort(404)
    if ActionForm().validate_on_submit():
        if not confirm.confirmed():
            return _ask_removal(kind, record_id)
        profile.remove(runtime.store(), KINDS[kind].table, record_id)
        flash(_("Removed from your profile."), "success")
    return redirect(url_for("ui.profile", _anchor=kind))


def _ask_removal(kind: str, record_id: int):
    """The page asking before a removal. Raises NotFound if there is no such record."""
    records = KINDS[kind].records(profile.get(runtime.store()))
    record = next((r for r in records if r.id == record_id), None)
    if record is None:
        abort(404)
    return confirm.page(what_happens=removal_warning(kind, record), button=_("Remove"),
                        back=url_for("ui.profile", _anchor=kind))


def _values(form: FlaskForm) -> dict:
    return {k: v for k, v in form.data.items() if k != "csrf_token"}


@bp.route("/profile/<kind>/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def profile_edit(kind: str, record_id: int):
    """Change an e-mail, phone, address or merchant identifier."""
    store = runtime.store()
    spec = KINDS.get(kind)
    current = next((r for r in spec.records(profile.get(store)) if r.id == record_id),
                   None) if spec else None
    if current is None:
        abort(404)
    form = spec.form(data=spec.data(current))
    if form.validate_on_submit():
        try:
            spec.update(store, record_id, _values(form))
        except ValidationError as e:
            show_problems(form, e)
        except Conflict:
            form.form_errors.append(_("This is in your profile already."))
        else:
            flash(_("Your change is saved."), "success")
            return redirect(url_for("ui.profile", _anchor=kind))
    return render_template("profile_edit.html", form=form, kind=kind,
                           title=spec.title), form_status(form)
