"""Forms of the "Brands & access" pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from vault import brands
from vault.scopes import SCOPES
from web.forms import Checkboxes, CoffreForm, options
from web.wording import SCOPE_TEXT, duration_choices


def scope_choices(scopes) -> list[tuple[str, str]]:
    """Tickbox choices for `scopes`, in plain words, canonical order."""
    return [(s, str(SCOPE_TEXT[s][0])) for s in SCOPES if s in scopes]


class NarrowForm(CoffreForm):
    """What a grant covers (fewer scopes, or some given back); `confirmed` once it was shown."""

    scopes = Checkboxes(_l("Keep"))
    confirmed = HiddenField()


KEEP = "keep"


class ExpiryForm(CoffreForm):
    """Keep a grant's end, or give it a new one counted from now."""

    duration = RadioField(_l("New end"), default=KEEP)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.duration.choices = options([(KEEP, _l("Keep the current end")),
                                         *duration_choices()])


class NewBrandForm(CoffreForm):
    """Add a brand by hand (it gets a client id, and a secret unless it cannot keep one)."""

    client_name = StringField(_l("Brand name"),
                              validators=[InputRequired(), Length(max=brands.NAME_MAX)])
    redirect_uri = StringField(_l("Where to send you back after you allow it"),
                               validators=[InputRequired(), Length(max=500)])
    scopes = Checkboxes(_l("What it may ask for"), choices=options(scope_choices(SCOPES)))
    client_uri = StringField(_l("Website"), validators=[Optional(), Length(max=500)])
    purpose = TextAreaField(_l("Why it wants your data, in its words"),
                            validators=[Optional(), Length(max=500)])
    public = BooleanField(_l("It is an app on a phone or in a browser"))


class ActivityFilters(CoffreForm):
    """Filters of the access log (GET: no CSRF token, it changes nothing)."""

    class Meta:
        csrf = False

    brand = SelectField(_l("Brand"), validators=[Optional()])
    outcome = SelectField(_l("Outcome"), choices=options([
        ("", _l("All")), ("allowed", _l("Allowed")), ("refused", _l("Refused"))]),
        validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])
