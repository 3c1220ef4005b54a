"""Forms of the shops pages: rename a shop, choose its category, merge another into it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from vault.merchants.edits import MAX_NAME
from web.categories import CategoryField
from web.forms import CoffreForm


class RenameForm(CoffreForm):
    """The name a shop is shown under."""

    name = StringField(_l("Name shown"), validators=[InputRequired(), Length(max=MAX_NAME)])
    rename = SubmitField(_l("Rename"))


class MerchantCategoryForm(CoffreForm):
    """The category a shop's purchases are filed under when their file names none."""

    category = CategoryField(_l("Usual category"))
    choose = SubmitField(_l("Save the category"))


class MergeForm(CoffreForm):
    """Another shop to fold into this one (its choices are the other shops)."""

    other = SelectField(_l("The same shop under another name"), choices=[],
                        validate_choice=False, coerce=str)
    merge = SubmitField(_l("Merge into this shop"))
