"""The authorization endpoint: the consent page, where the consumer allows or denies a brand.

The consumer signs in before anything else happens, errors included, so the
server never redirects on behalf of someone who did not authenticate. An
unknown brand or a redirect URI that is not exactly a registered one gets an
error page, never a redirect.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from authlib.oauth2 import OAuth2Error
from flask import Blueprint, current_app, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, SubmitField

from vault import grants
from vault import scopes as scope_names
from web import runtime
from web.auth import login_required
from web.clock import now
from web.errors import UnusableRequest
from web.forms import CoffreForm, options
from web.forms import status as form_status
from web.oauth.preview import cards
from web.oauth.server import Issuer
from web.security import CSP
from web.wording import DEFAULT_DURATION, duration_choices, expiry_for

bp = Blueprint("oauth", __name__)


class ConsentForm(CoffreForm):
    """The consumer's answer: which scopes, for how long, allow or deny."""

    allow_scope = SelectMultipleField(_l("What the brand may see"))
    duration = RadioField(_l("For how long"), default=DEFAULT_DURATION)
    allow = SubmitField(_l("Allow"))
    deny = SubmitField(_l("Deny"))

    def __init__(self, requested: list[str], **kwargs):
        super().__init__(**kwargs)
        self.allow_scope.choices = options((s, s) for s in requested)
        self.duration.choices = options(duration_choices())


def _server():
    return current_app.extensions["coffre_oauth"]


def _refuse(error: OAuth2Error):
    """Redirect the error to the brand when its redirect URI was verified, else raise it.

    Raised, it becomes a page for the consumer (web.errors), never a redirect.
    """
    if not error.redirect_uri:
        raise error
    response = _server().handle_error_response(request, error)
    Issuer().add_issuer_parameter(_server(), response)
    return response


@bp.route("/oauth/authorize", methods=["GET", "POST"])
@login_required
def authorize():
    """Show the consent page (GET) or carry out the consumer's answer (POST)."""
    repeated = [k for k in request.args if len(request.args.getlist(k)) > 1]
    if repeated:
        raise UnusableRequest(_("It repeats the parameter %(name)s.", name=repeated[0]))
    try:
        oauth_grant = _server().get_consent_grant(end_user=None)
    except OAuth2Error as error:
        return _refuse(error)
    requested = oauth_grant.request.scope.split()
    form = ConsentForm(requested)
    if request.method == "POST" and form.validate_on_submit():
        if form.deny.data:
            return _server().create_authorization_response(grant_user=None, grant=oauth_grant)
        chosen = scope_names.parse(form.allow_scope.data or [])
        if chosen:
            return _allow(oauth_grant, chosen, form.duration.data)
        form.allow_scope.errors = [_("Tick at least one thing to share, or choose Deny.")]
    return _page(oauth_grant, form, requested)


def _allow(oauth_grant, chosen: frozenset[str], duration: str):
    brand, moment, store = oauth_grant.client.brand, now(), runtime.store()
    # The grant and its code are saved together: never a grant the brand cannot redeem.
    with store.atomic():
        grant = grants.create(store, brand.id, chosen, purpose=brand.purpose,
                              expires_at=expiry_for(duration, moment), now=moment)
        return _server().create_authorization_response(grant_user=grant, grant=oauth_grant)


def _page(oauth_grant, form: ConsentForm, requested: list[str]):
    brand = oauth_grant.client.brand
    # A brand may say it needs a scope; it is labelled so, never ticked for the consumer.
    required = set(str(oauth_grant.request.payload.data.get("required_scope", "")).split())
    response = make_response(render_template(
        "oauth/consent.html", brand=brand, form=form,
        cards=cards(runtime.store(), requested, today=now().date()),
        ticked=set(form.allow_scope.data or []), required=required,
        action=request.script_root + request.full_path),
        form_status(form))  # an answer that cannot be used is shown again, as a 422
    response.headers["Content-Security-Policy"] = _policy(oauth_grant.redirect_uri)
    return response


def _policy(redirect_uri: str) -> str:
    """Our CSP, letting this page's form end at the brand's (verified) redirect URI.

    Browsers apply form-action to the redirect that follows the POST, so without
    the brand's origin here Allow and Deny would stop at our own page.
    """
    parts = urlsplit(redirect_uri)
    return CSP.replace("form-action 'self'",
                       f"form-action 'self' {parts.scheme}://{parts.netloc}")
