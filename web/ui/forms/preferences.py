"""The preferences form: interests, blocks, channels, caps, quiet hours, ceilings, reward."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, SelectField, StringField, SubmitField, TextAreaField

from web.categories import CategoriesField, CategoryField
from web.forms import CoffreForm, options

CHANNEL_CHOICES = [("", _l("—")), ("email", _l("E-mail")), ("sms", _l("Text message (SMS)")),
                   ("post", _l("Post")), ("app", _l("App notification"))]
RANKS = 4
NUMBER = {"inputmode": "numeric", "type": "number", "min": 0}


class InterestForm(Form):
    """One interest: a category and how much it matters (0 to 100)."""

    category = CategoryField(_l("Category"))
    weight = StringField(_l("How much (0–100)"), render_kw={**NUMBER, "max": 100, "step": 5})


class CeilingForm(Form):
    """The most you would pay in one category."""

    category = CategoryField(_l("Category"))
    amount = StringField(_l("At most"), render_kw={"inputmode": "decimal"})


class PreferencesForm(CoffreForm):
    """Everything the agent uses to sort offers for you."""

    interests = FieldList(FormField(InterestForm), min_entries=1, max_entries=200)
    add_interest = SubmitField(_l("Add another interest"))
    blocked_brands = TextAreaField(_l("Brands you never want to hear from"),
                                   render_kw={"rows": 3})
    blocked_categories = CategoriesField(_l("Categories you never want offers for"))
    channel_1 = SelectField(_l("First choice"), choices=options(CHANNEL_CHOICES))
    channel_2 = SelectField(_l("Second choice"), choices=options(CHANNEL_CHOICES))
    channel_3 = SelectField(_l("Third choice"), choices=options(CHANNEL_CHOICES))
    channel_4 = SelectField(_l("Fourth choice"), choices=options(CHANNEL_CHOICES))
    per_brand_weekly = StringField(_l("Offers per brand per week, at most"), render_kw=NUMBER)
    overall_weekly = StringField(_l("Offers per week from all brands, at most"),
                                 render_kw=NUMBER)
    quiet_start = StringField(_l("Quiet from"), render_kw={"type": "time"})
    quiet_end = StringField(_l("until"), render_kw={"type": "time"})
    ceilings = FieldList(FormField(CeilingForm), min_entries=1, max_entries=200)
    add_ceiling = SubmitField(_l("Add another price limit"))
    currency = StringField(_l("Currency of these amounts"), default="EUR",
                           render_kw={"maxlength": 3, "size": 4})
    min_reward = StringField(_l("The least a brand must offer for your data"),
                             render_kw={"inputmode": "decimal"})
    save = SubmitField(_l("Save my preferences"))
