"""Forms of Settings: general, passphrase, recovery code, key file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from vault import exchange
from web.forms import Checkboxes, CoffreForm, options, zone_field
from web.ui.forms.auth import PASSPHRASE_MAX, NewPassphraseMixin

LANGUAGES = [("en", "English"), ("fr", "Français")]
IDLE_MAX = 24 * 60


def _current() -> PasswordField:
    return PasswordField(_l("Your current passphrase"), validators=[
        DataRequired(_l("Type your current passphrase.")), Length(max=PASSPHRASE_MAX)])


class GeneralForm(CoffreForm):
    """Idle delay, interface language, time zone, languages the consumer reads."""

    idle_minutes = IntegerField(_l("Sign me out after this many minutes without activity"),
                                validators=[InputRequired(_l("Type a number of minutes.")),
                                            NumberRange(1, IDLE_MAX, _l(
                                                "Choose between 1 and %(max)s minutes.",
                                                max=IDLE_MAX))],
                                render_kw={"type": "number", "min": 1, "max": IDLE_MAX})
    language = SelectField(_l("Language"), choices=options(LANGUAGES))
    timezone = zone_field()
    languages = Checkboxes(_l("Languages you read"), validate_choice=False)


class ChangePassphraseForm(NewPassphraseMixin, CoffreForm):
    """The current passphrase, then the new one twice."""

    current = _current()


class ConfirmPassphraseForm(CoffreForm):
    """The passphrase, to confirm a sensitive change."""

    current = _current()


class KeyfileForm(CoffreForm):
    """Create a key file: the passphrase, and the trade-off acknowledged."""

    current = _current()
    understood = BooleanField(_l("I understand: whoever has this file and the vault folder can"
                                 " open my vault without my passphrase."),
                              validators=[DataRequired(_l("Tick the box to confirm you accept"
                                                          " this."))])


class ExportForm(CoffreForm):
    """Which open format to download the whole vault in (one button per format)."""

    format = SelectField(_l("Format"), choices=options([(n, n) for n in exchange.FORMATS]),
                         validators=[DataRequired(_l("Choose a format."))])
