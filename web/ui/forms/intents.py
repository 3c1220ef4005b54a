"""The intent form: "I am looking for…"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from web.categories import CategoryField
from web.forms import CoffreForm


class IntentForm(CoffreForm):
    """Something you are looking for, with an optional budget, place and end date."""

    description = TextAreaField(_l("I am looking for…"), render_kw={"rows": 2})
    category = CategoryField(_l("Category"))
    budget = StringField(_l("Budget (optional)"), render_kw={"inputmode": "decimal"})
    currency = StringField(_l("Currency"), default="EUR", render_kw={"maxlength": 3, "size": 4})
    place = StringField(_l("Where (optional)"))
    expires_on = StringField(_l("Until (optional)"), render_kw={"type": "date"})
