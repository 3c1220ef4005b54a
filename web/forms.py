"""Flask-WTF forms of the consumer pages, one module per page; shared helpers here."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from vault import settings
from vault.errors import ValidationError
from vault.reasons import Problem
from web.errors import status_of
from web.reasons import SENTENCES, sentence

# The form library's own messages, said as ours (its placeholders kept: it fills them in).
_LIBRARY = {
    "This field is required.": SENTENCES["required"],
    "Not a valid integer value.": SENTENCES["not_whole_number"],
    "Not a valid decimal value.": SENTENCES["not_number"],
    "Not a valid float value.": SENTENCES["not_number"],
    "Not a valid date value.": SENTENCES["not_date"],
    "Not a valid time value.": SENTENCES["not_hhmm"],
    "Not a valid choice.": _l("Choose one of the options offered."),
    "Invalid Choice: could not coerce.": _l("Choose one of the options offered."),
    "Number must be at least %(min)s.": _l("Use %(min)s or more."),
    "Number must be at most %(max)s.": _l("Use %(max)s or less."),
    "Number must be between %(min)s and %(max)s.": _l("Use a number from %(min)s to %(max)s."),
    "Field must be at least %(min)d characters long.": _l("Use at least %(min)d characters."),
    "Field cannot be longer than %(max)d characters.": _l("Use at most %(max)d characters."),
    "Field must be between %(min)d and %(max)d characters long.":
        _l("Use from %(min)d to %(max)d characters."),
    "'%(value)s' are not valid choices for this field.": _l("Choose among the options offered."),
}
# Its messages with a singular and a plural: both forms read as the plural's entry above.
_PLURALS = {
    "Field must be at least %(min)d character long.":
        "Field must be at least %(min)d characters long.",
    "Field cannot be longer than %(max)d character.":
        "Field cannot be longer than %(max)d characters.",
    "'%(value)s' is not a valid choice for this field.":
        "'%(value)s' are not valid choices for this field.",
}


class _OurMessages:
    """What the form library asks gettext for, answered with our sentences."""

    def gettext(self, string: str) -> str:
        return str(_LIBRARY.get(string, string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(_PLURALS.get(singular, plural))


class CoffreForm(FlaskForm):
    """The base of every form of the app: its field messages are ours, in both languages."""

    class Meta:
        def get_translations(self, form):
            return _OurMessages()


def options(pairs) -> list[SelectChoice]:
    """Choices of a select field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class Checkboxes(SelectMultipleField):
    """Several choices as tickboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def zone_field(**kwargs) -> SelectField:
    """A pick-list of every time zone; the vault judges the choice (settings.check_time_zone)."""
    return SelectField(_l("Your time zone"), validate_choice=False, choices=options(
        (name, name.replace("_", " ")) for name in settings.zone_names()), **kwargs)


class ActionForm(CoffreForm):
    """A form with no field but its CSRF token: lock, delete, close, reopen…"""


class SearchForm(CoffreForm):
    """A GET form (filters): no CSRF token, as it changes nothing."""

    class Meta:
        csrf = False


def range_is_reversed(since: Field, until: Field) -> bool:
    """True (with the reason beside `until`) when a filter's end comes before its start."""
    if since.data and until.data and since.data > until.data:
        until.errors = [_l("The end date must be on or after the start date.")]
        return True
    return False


def has_errors(form: Form) -> bool:
    """True if any field, however nested (item rows…), or the form itself has an error.

    WTForms caches `form.errors` and the errors of nested forms at validation
    time, so problems added afterwards (from the vault) are looked for here.
    """
    if getattr(form, "form_errors", None):
        return True
    return any(_field_has_errors(field) for field in form)


def status(form: Form, *more_problems: object) -> int:
    """ValidationError's status (422) when the form or `more_problems` holds an error, else 200."""
    return status_of(ValidationError) if has_errors(form) or any(more_problems) else 200


def _field_has_errors(field: Field) -> bool:
    if hasattr(field, "entries"):
        return any(_field_has_errors(entry) for entry in field.entries)
    if hasattr(field, "form") and isinstance(field.form, Form):
        return has_errors(field.form)
    return bool(field.errors)


def show_problems(form: Form, error: ValidationError, *,
                  rename: Callable[[str], str | None] | dict[str, str] | None = None) -> None:
    """Put the vault's problems beside the form's fields, as sentences.

    `rename` maps a vault field name to a form field path ("items.2.name") when
    they differ; a problem with no matching field goes into `form.form_errors`.
    """
    for problem in error.problems:
        path = _renamed(rename, problem.field)
        target = _field(form, path) if path else None
        if target is None:
            form.form_errors.append(_unplaced(problem))
        else:
            target.errors = [*target.errors, sentence(problem)]


def _renamed(rename, name: str) -> str | None:
    if callable(rename):
        return rename(name)
    return (rename or {}).get(name, name)


def _unplaced(problem: Problem) -> str:
    return str(_l("%(field)s: %(reason)s", field=problem.field.replace("_", " "),
                  reason=sentence(problem)))


def _field(form: Form, path: str) -> Field | None:
    """The field at `path` ("identity.given_name", "items[2].name"), or None."""
    target = form
    for part in path.replace("[", ".").replace("]", "").split("."):
        if part.isdigit() and hasattr(target, "entries"):
            index = int(part)
            target = target.entries[index] if index < len(target.entries) else None
        elif hasattr(target, "form") and hasattr(target.form, part):  # a FormField
            target = getattr(target.form, part)
        else:
            target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, Field) and not hasattr(target, "entries") else None
