"""Evidence on Brands & access: consent receipts to download, sealed copies to hand over.

A receipt is served as it was signed (a compact JWS); a sealed copy is made
on demand (a POST) and handed over once, never kept.
"""

from __future__ import annotations

from datetime import datetime

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from vault import brands, grants, identity, receipts, shares
from vault.errors import ValidationError
from vault.store import Store
from web import runtime
from web.access.forms import scope_choices
from web.access.pages import bp
from web.auth import login_required
from web.clock import now
from web.forms import ActionForm
from web.reasons import sentence
from web.security import external_url


@bp.context_processor
def _evidence() -> dict:
    """`evidence()` in the access pages: computed only by the page that shows it."""
    return {"evidence": lambda: context(runtime.store(), now())}


def context(store: Store, moment: datetime) -> dict:
    """What the page shows of the evidence: the key's fingerprint, each brand's receipts."""
    return {"fingerprint": identity.fingerprint(identity.public_key(store)),
            "receipts": {b.id: _receipts(store, b.id, moment) for b in brands.all_brands(store)},
            "shareable": lambda scopes: scope_choices(scopes & shares.READABLE),
            "jwks_url": external_url("oauth_endpoints.jwks")}


def _receipts(store: Store, brand_id: int, moment: datetime) -> list[receipts.Receipt]:
    """Every receipt of a brand's grants, newest first."""
    return [r for g in grants.for_brand(store, brand_id)
            for r in reversed(grants.receipts_of(store, g.id, now=moment))]


@bp.get("/receipts/<receipt_id>")
@login_required
def receipt_download(receipt_id: str):
    """One consent receipt, revoked or expired ones too, as the vault signed it."""
    store, moment = runtime.store(), now()
    found = next((r for b in brands.all_brands(store) for r in _receipts(store, b.id, moment)
                  if r.receipt_id == receipt_id), None)
    if found is None:
        abort(404)
    name = f"receipt-{found.issued_at:%Y%m%d}-{found.change}-{found.receipt_id}.jws"
    return Response(found.jws + "\n", mimetype="application/jose",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/brands/<int:brand_id>/share")
@login_required
def share(brand_id: int):
    """A sealed copy of what the ticked scopes allow, for this brand only."""
    store = runtime.store()
    brand = brands.get(store, brand_id)
    if not ActionForm().validate_on_submit():
        flash(_("Nothing changed."), "success")
        return redirect(url_for("access.brands"))
    try:
        sealed = shares.create(store, brand.id, frozenset(request.form.getlist("scopes")),
                               now=now())
    except ValidationError as e:
        flash(" ".join(sentence(p) for p in e.problems), "error")
        return redirect(url_for("access.brands") + f"#brand-{brand.id}")
    name = f"coffre-share-{brand.client_id}-{now():%Y%m%d}.sealed"
    return Response(sealed, mimetype="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
