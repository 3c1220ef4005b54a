"""Forms of Settings → Backups, Forget old purchases, Delete this vault."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from vault import keeping
from web.forms import CoffreForm, options

EVERY = [("", _l("Never (only when I ask)")), ("6", _l("Every 6 hours")),
         ("24", _l("Every day")), ("168", _l("Every week"))]


class BackupPlanForm(CoffreForm):
    """How often, how many to keep, and where."""

    every_hours = SelectField(_l("Back up automatically"), choices=options(EVERY),
                              validate_choice=False)
    keep = IntegerField(_l("How many backups to keep"), validators=[
        Optional(), NumberRange(1, keeping.KEEP_MAX, _l("Choose between 1 and %(max)s.",
                                                        max=keeping.KEEP_MAX))],
        render_kw={"type": "number", "min": 1, "max": keeping.KEEP_MAX})
    folder = StringField(_l("Backup folder"), validators=[Length(max=1000)],
                         render_kw={"placeholder": "/media/backup/coffre"})


class RetentionForm(CoffreForm):
    """The number of years after which purchases are forgotten; empty: keep them all."""

    retention_years = IntegerField(_l("Forget purchases older than this many years"),
                                   validators=[Optional(), NumberRange(
                                       1, keeping.YEARS_MAX, _l("Choose between 1 and %(max)s.",
                                                                max=keeping.YEARS_MAX))],
                                   render_kw={"type": "number", "min": 1,
                                              "max": keeping.YEARS_MAX})


class DestroyForm(CoffreForm):
    """The vault's name, typed to confirm."""

    name = StringField(_l("The vault's name"), validators=[
        DataRequired(_l("Type the vault's name to confirm.")), Length(max=300)],
        render_kw={"autocomplete": "off", "spellcheck": "false"})
