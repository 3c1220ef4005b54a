"""Forms of the import pages: the file, then how to read it and how to import it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from vault.importers.recipes import FIELDS
from web.forms import CoffreForm, options

# What each generic CSV field is, for the consumer (the keys are vault/importers/recipes.py's).
FIELD_LABELS = {
    "date": _l("Date"), "merchant": _l("Shop"), "amount": _l("Amount"),
    "unit_price": _l("Unit price"), "quantity": _l("Quantity"), "currency": _l("Currency"),
    "time": _l("Time"), "item_name": _l("Product"), "category": _l("Category"),
    "brand": _l("Brand"), "order_id": _l("Order number"), "channel": _l("Where"),
}


def format_pairs() -> list[tuple[str, str]]:
    """The formats a consumer can name, automatic first: (name, label)."""
    return [("auto", str(_l("Recognise it automatically"))),
            ("generic", str(_l("Any CSV file, with a column mapping"))),
            ("bank", str(_l("Bank or card statement (CSV)"))),
            ("ofx", str(_l("Bank statement (OFX or QFX)"))),
            ("camt", str(_l("Bank statement (ISO 20022 CAMT.053)"))),
            ("amazon", str(_l("Amazon order history"))),
            ("json", str(_l("Coffre's JSON"))), ("coffre-csv", str(_l("Coffre's CSV")))]


class UploadForm(CoffreForm):
    """The file to import, its format, and a saved recipe to read it with."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])
    format = SelectField(_l("Format"), choices=[], default="auto")
    recipe = SelectField(_l("Saved recipe (optional)"), choices=[], default="")
    recipe_file = FileField(_l("Or a recipe file (optional)"))
    upload = SubmitField(_l("See what it holds"))


class ReadingForm(CoffreForm):
    """How to read the file (its format, a generic CSV's columns) and how to import it.

    The column selects (`col_<field>`) are added per file by `reading_form`.
    """

    format = SelectField(_l("Format"), choices=[])
    date_form = SelectField(_l("Dates are written"), choices=[], default="")
    decimal = SelectField(_l("Decimal mark"), choices=[], default="")
    currency = StringField(_l("Currency of every row (if no column gives it)"),
                           validators=[Optional(), Length(max=3)],
                           render_kw={"maxlength": 3, "size": 4})
    recipe_name = StringField(_l("Name of the recipe"), validators=[Optional(), Length(max=100)])
    skip_invalid = BooleanField(_l("Import the valid rows even if some are invalid"))
    dry_run = BooleanField(_l("Dry run: check and count, store nothing"))
    refresh = SubmitField(_l("Update the preview"))
    save_recipe = SubmitField(_l("Save as a recipe"))
    start = SubmitField(_l("Import"))


def reading_form(header: list[str], **kwargs) -> ReadingForm:
    """A ReadingForm whose column selects offer the file's header names."""
    columns = options([("", str(_l("— none —")))] + [(h, h) for h in header if h])

    class WithColumns(ReadingForm):
        pass

    for name in FIELDS:
        setattr(WithColumns, f"col_{name}", SelectField(FIELD_LABELS[name], choices=columns,
                                                         default=""))
    form = WithColumns(**kwargs)
    form.format.choices = options(format_pairs())
    form.date_form.choices = options([("", str(_l("As detected"))), ("iso", "2026-11-24"),
                                      ("dmy", str(_l("Day first (24/11/2026)"))),
                                      ("mdy", str(_l("Month first (11/24/2026)")))])
    form.decimal.choices = options([("", str(_l("As detected"))), (".", "12.50"),
                                    (",", "12,50")])
    return form
