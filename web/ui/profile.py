"""Profile: identity, e-mails, phones, addresses and merchant identifiers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from vault import profile
from vault.errors import Conflict, ValidationError
from web import confirm, runtime
from web.auth import login_required
from web.clock import now
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

# URL part -> (vault table, form, function adding one from the form's data)
KINDS = {
    "emails": ("profile_emails", EmailForm, lambda s, d: profile.add_email(
        s, d["address"], label=d["label"], primary=d["primary"])),
    "phones": ("profile_phones", PhoneForm, lambda s, d: profile.add_phone(
        s, d["number"], label=d["label"])),
    "addresses": ("profile_addresses", AddressForm, profile.add_address),
    "merchant-ids": ("merchant_ids", MerchantIdForm, lambda s, d: profile.add_merchant_id(
        s, d["merchant"], d["kind"], d["value"])),
}


def _forms(**given: FlaskForm) -> dict[str, FlaskForm]:
    """Every form of the page: those given (kept with their errors), fresh ones for the rest."""
    store = runtime.store()
    identity = profile.get_identity(store)
    forms = {"identity": IdentityForm(prefix="identity", data=_identity_data(identity))}
    forms.update({kind: form(prefix=kind.replace("-", "_"), formdata=None)
                  for kind, (_table, form, _add) in KINDS.items()})
    forms.update(given)
    return forms


def _identity_data(identity: profile.Identity) -> dict:
    data = {k: getattr(identity, k) or "" for k in profile.IDENTITY_FIELDS}
    data["birth_date"] = identity.birth_date.isoformat() if identity.birth_date else ""
    return data


def _page(status: int = 200, **given: FlaskForm):
    return render_template("profile.html", profile=profile.get(runtime.store()),
                           forms=_forms(**given), kinds=MERCHANT_ID_KINDS,
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
    _table, form_class, add = KINDS[kind]
    form = form_class(prefix=kind.replace("-", "_"))
    if form.validate_on_submit():
        try:
            add(runtime.store(), {k: v for k, v in form.data.items() if k != "csrf_token"})
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
                 what=record.number)
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
        profile.remove(runtime.store(), KINDS[kind][0], record_id)
        flash(_("Removed from your profile."), "success")
    return redirect(url_for("ui.profile", _anchor=kind))


def _ask_removal(kind: str, record_id: int):
    """The page asking before a removal. Raises NotFound if there is no such record."""
    records = getattr(profile.get(runtime.store()), kind.replace("-", "_"))
    record = next((r for r in records if r.id == record_id), None)
    if record is None:
        abort(404)
    return confirm.page(what_happens=removal_warning(kind, record), button=_("Remove"),
                        back=url_for("ui.profile", _anchor=kind))


@bp.route("/profile/addresses/<int:address_id>/edit", methods=["GET", "POST"])
@login_required
def address_edit(address_id: int):
    """Change a postal address."""
    store = runtime.store()
    current = next((a for a in profile.get(store).addresses if a.id == address_id), None)
    if current is None:
        abort(404)
    form = AddressForm(obj=current)
    if form.validate_on_submit():
        try:
            profile.update_address(store, address_id, form.data)
        except ValidationError as e:
            show_problems(form, e)
        else:
            flash(_("The address is saved."), "success")
            return redirect(url_for("ui.profile", _anchor="addresses"))
    return render_template("profile_address.html", form=form,
                           address=current), form_status(form)
