"""Forms of the profile page: identity, e-mails, phones, addresses, merchant identifiers.

The fields only carry text; the vault decides what is valid and says why.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField

from web.forms import CoffreForm, options

GENDERS = [("", _l("Not said")), ("female", _l("Woman")), ("male", _l("Man")),
           ("non_binary", _l("Non-binary")), ("prefer_not_to_say", _l("Prefer not to say"))]
INCOME_BANDS = [("", _l("Not said")), ("under_20k", _l("Under 20,000 a year")),
                ("20k_40k", _l("20,000 to 40,000 a year")),
                ("40k_60k", _l("40,000 to 60,000 a year")),
                ("60k_100k", _l("60,000 to 100,000 a year")),
                ("over_100k", _l("Over 100,000 a year"))]
LANGUAGES = [("", _l("Not said")), ("fr", "Français"), ("en", "English"), ("de", "Deutsch"),
             ("es", "Español"), ("it", "Italiano"), ("nl", "Nederlands"), ("pt", "Português")]
MERCHANT_ID_KINDS = [("loyalty_card", _l("Loyalty card")),
                     ("customer_number", _l("Customer number")),
                     ("account", _l("Online account")), ("other", _l("Other"))]


class IdentityForm(CoffreForm):
    """Who you are; every field optional."""

    given_name = StringField(_l("Given name"))
    family_name = StringField(_l("Family name"))
    birth_date = StringField(_l("Date of birth"), render_kw={"type": "date"})
    gender = SelectField(_l("Gender"), choices=options(GENDERS))
    profession = StringField(_l("Profession"))
    income_band = SelectField(_l("Household income"), choices=options(INCOME_BANDS))
    language = SelectField(_l("Language you prefer brands to use"), choices=options(LANGUAGES),
                           validate_choice=False)


class EmailForm(CoffreForm):
    """A new e-mail address."""

    address = StringField(_l("E-mail address"), render_kw={"type": "email",
                                                           "autocomplete": "email"})
    label = StringField(_l("Label (optional)"), render_kw={"placeholder": _l("e.g. personal")})
    primary = BooleanField(_l("Use this address first"))


class PhoneForm(CoffreForm):
    """A new phone number."""

    number = StringField(_l("Phone number"), render_kw={"type": "tel", "autocomplete": "tel"})
    label = StringField(_l("Label (optional)"), render_kw={"placeholder": _l("e.g. mobile")})


class AddressForm(CoffreForm):
    """A postal address."""

    label = StringField(_l("Label (optional)"), render_kw={"placeholder": _l("e.g. home")})
    line1 = StringField(_l("Street and number"), render_kw={"autocomplete": "address-line1"})
    line2 = StringField(_l("More (optional)"), render_kw={"autocomplete": "address-line2"})
    postcode = StringField(_l("Postcode"), render_kw={"autocomplete": "postal-code"})
    city = StringField(_l("City"), render_kw={"autocomplete": "address-level2"})
    region = StringField(_l("Region (optional)"))
    country = StringField(_l("Country code"), default="FR",
                          render_kw={"maxlength": 2, "autocomplete": "country"})


class MerchantIdForm(CoffreForm):
    """How a shop knows you."""

    merchant = StringField(_l("Shop or brand"))
    kind = SelectField(_l("Kind"), choices=options(MERCHANT_ID_KINDS))
    value = StringField(_l("Number or identifier"))
