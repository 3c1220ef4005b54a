"""Forms of the first run: choose the passphrase, confirm the recovery code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from web.forms import CoffreForm, zone_field
from web.ui.forms.auth import NewPassphraseMixin


class CreateForm(NewPassphraseMixin, CoffreForm):
    """The passphrase that will open the new vault, typed twice, and the consumer's time zone."""

    timezone = zone_field(render_kw={"data-propose-zone": ""})


class ConfirmCodeForm(CoffreForm):
    """One group of the recovery code (or the whole code), retyped from what was written down."""

    group = StringField(_l("Group"), validators=[
        DataRequired(_l("Type the group from what you wrote down.")), Length(max=200)])
