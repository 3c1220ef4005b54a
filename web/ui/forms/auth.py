"""Forms of the ways in: unlock, sign in, recovery."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from web.forms import CoffreForm

PASSPHRASE_MAX = 1024


class PassphraseForm(CoffreForm):
    """The passphrase, to unlock the vault or sign in."""

    passphrase = PasswordField(_l("Passphrase"), validators=[
        DataRequired(_l("Type your passphrase.")), Length(max=PASSPHRASE_MAX)])


class NewPassphraseMixin:
    """A new passphrase typed twice (the server judges its strength)."""

    new_passphrase = PasswordField(_l("New passphrase"), validators=[
        DataRequired(_l("Choose a passphrase.")), Length(max=PASSPHRASE_MAX)])
    confirm = PasswordField(_l("The same passphrase again"), validators=[
        DataRequired(_l("Type the passphrase a second time.")),
        EqualTo("new_passphrase", _l("The two passphrases differ: type them again."))])


class RecoveryForm(NewPassphraseMixin, CoffreForm):
    """The recovery code, and the new passphrase it lets you set."""

    code = StringField(_l("Recovery code"), validators=[
        DataRequired(_l("Type the recovery code you wrote down.")), Length(max=200)])
