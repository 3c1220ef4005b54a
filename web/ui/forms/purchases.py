"""Forms of the purchases pages: filters, an order with its items, a file to import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import Length, Optional

from web.categories import CategoryField
from web.forms import CoffreForm, SearchForm, options
from web.wording import CHANNELS

BLANK_ROWS = 3  # empty item rows offered on a new order; "Add another row" adds more


class FilterForm(SearchForm):
    """Search and filters of the purchases table (a GET form)."""

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)],
                    render_kw={"type": "search", "placeholder": _l("Shop, product or brand")})
    merchant = SelectField(_l("Shop"), choices=[], validate_choice=False)
    category = CategoryField(_l("Category"), blank=_l("All categories"))
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])


class ItemForm(Form):
    """One line of an order (a row of the items table)."""

    name = StringField(_l("Product"), render_kw={"aria-required": "true"})
    brand = StringField(_l("Brand (optional)"))
    category = CategoryField(_l("Category"), render_kw={"aria-required": "true"})
    quantity = StringField(_l("Quantity"), default="1",
                           render_kw={"inputmode": "numeric", "data-keep": "1", "size": 4})
    unit_price = StringField(_l("Unit price"), render_kw={"inputmode": "decimal", "size": 8,
                                                          "aria-required": "true"})

    def is_blank(self) -> bool:
        """True for a row left empty (the quantity alone does not count)."""
        return not any((f.data or "").strip()
                       for f in (self.name, self.brand, self.category, self.unit_price))


class OrderForm(CoffreForm):
    """An order and its items; empty item rows are ignored."""

    merchant = StringField(_l("Shop"), render_kw={"list": "merchants"})
    merchant_order_id = StringField(_l("Order number (optional)"))
    day = StringField(_l("Date"), render_kw={"type": "date"})
    time = StringField(_l("Time (optional)"), render_kw={"type": "time"})
    tz = StringField(_l("Time zone"), default="Europe/Paris", render_kw={"list": "zones"})
    channel = SelectField(_l("Where"), choices=options(CHANNELS))
    currency = StringField(_l("Currency"), default="EUR", render_kw={"maxlength": 3, "size": 4})
    items = FieldList(FormField(ItemForm), min_entries=BLANK_ROWS, max_entries=500)
    add_row = SubmitField(_l("Add another row"))
    save = SubmitField(_l("Save the purchase"))


class RefileForm(CoffreForm):
    """Another category for one item, or for every item filed under one of your own words."""

    category = CategoryField(_l("File under"))
    save = SubmitField(_l("Re-file"))
