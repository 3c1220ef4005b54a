"""Preferences: what the agent lets through, and how often, when and how it reaches you."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from agent import inbox
from vault import money, preferences, validate
from vault.errors import ValidationError
from vault.money import Money
from vault.preferences import Preferences
from web import runtime
from web.auth import login_required
from web.clock import now
from web.formatting import plain_amount
from web.forms import show_problems
from web.forms import status as form_status
from web.ui.blueprint import bp
from web.ui.forms.preferences import RANKS, PreferencesForm

CAPS = ("per_brand_weekly", "overall_weekly")


@bp.route("/preferences", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences_page():
    """See and change every preference at once."""
    store = runtime.store()
    form = PreferencesForm(data=_data(preferences.get(store)))
    if form.add_interest.data:
        form.interests.append_entry()
    elif form.add_ceiling.data:
        form.ceilings.append_entry()
    elif form.validate_on_submit():
        try:
            inbox.save_preferences(store, _read(form), now=now())
        except ValidationError as e:
            show_problems(form, e, rename=lambda name: _form_field(form, name))
        else:
            flash(_("Your preferences are saved. Your agent applies them to the next offers."),
                  "success")
            return redirect(url_for("ui.preferences"))
    status = form_status(form)
    return render_template("preferences.html", form=form), status


def _data(prefs: Preferences) -> dict:
    """The form's values for the stored preferences, with one empty row to add more."""
    quiet = prefs.quiet_hours
    currency = next((m.currency for m in [*prefs.price_ceilings.values(), prefs.min_reward]
                     if m), "EUR")
    channels = {f"channel_{n + 1}": c for n, c in enumerate(prefs.channels)}
    return {
        "interests": [{"category": c, "weight": str(w)} for c, w in prefs.interests.items()]
        + [{}],
        "blocked_brands": "\n".join(sorted(prefs.blocked_brands)),
        "blocked_categories": sorted(prefs.blocked_categories),
        **channels,
        **{cap: "" if getattr(prefs, cap) is None else str(getattr(prefs, cap)) for cap in CAPS},
        "quiet_start": quiet[0].strftime("%H:%M") if quiet else "",
        "quiet_end": quiet[1].strftime("%H:%M") if quiet else "",
        "ceilings": [{"category": c, "amount": plain_amount(m.minor, m.currency)}
                     for c, m in prefs.price_ceilings.items()] + [{}],
        "currency": currency,
        "min_reward": plain_amount(prefs.min_reward.minor, prefs.min_reward.currency)
        if prefs.min_reward else "",
    }


def _read(form: PreferencesForm) -> Preferences:
    """Preferences from the form. Raises ValidationError naming the form's own fields."""
    problems = validate.Problems()
    currency = problems.attempt(lambda: validate.currency("currency", form.currency.data), "EUR")
    caps = {cap: problems.attempt(lambda c=cap: validate.integer(
        c, getattr(form, c).data, low=0, high=1000, required=False)) for cap in CAPS}
    quiet = problems.attempt(lambda: preferences.parse_quiet_hours(
        (form.quiet_start.data or "").strip(), (form.quiet_end.data or "").strip()))
    reward = None
    if (form.min_reward.data or "").strip():
        reward = problems.attempt(lambda: Money(
            money.parse("min_reward", form.min_reward.data, currency), currency))
    interests = _rows(form.interests, "weight", problems, lambda field, text: validate.integer(
        field, text, low=0, high=preferences.MAX_WEIGHT), 0)
    ceilings = _rows(form.ceilings, "amount", problems, lambda field, text: Money(
        money.parse(field, text, currency), currency), Money(0, currency))
    problems.raise_any()
    channels = [getattr(form, f"channel_{n + 1}").data for n in range(RANKS)]
    return Preferences(
        interests=interests, blocked_brands=frozenset(_lines(form.blocked_brands.data)),
        blocked_categories=frozenset(c for c in form.blocked_categories.data or () if c),
        channels=tuple(c for c in channels if c), quiet_hours=quiet, price_ceilings=ceilings,
        min_reward=reward, **caps)


def _rows(rows, column: str, problems: validate.Problems, parse, default) -> dict:
    """category -> parsed `column` for each row not left empty; each problem on its own row.

    A row needs its category, and a category gets one row (however it is written).
    """
    found, seen = {}, {}
    for n, entry in enumerate(rows.entries):
        category = (entry.form.category.data or "").strip()
        text = (entry.form[column].data or "").strip()
        if not (category or text):
            continue
        where = f"{rows.name}.{n}.category"
        named = problems.attempt(lambda c=category, w=where: validate.category(w, c))
        if named and named in seen:
            problems.add(where, "duplicate_row", n=seen[named])
        elif named:
            seen[named] = n + 1
        found[category] = problems.attempt(
            lambda t=text, n=n: parse(f"{rows.name}.{n}.{column}", t), default)
    return found


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _form_field(form: PreferencesForm, name: str) -> str | None:
    """Where a vault problem about a preference goes on the form."""
    if name.startswith(("interests[", "price_ceilings[")):
        rows, column = ((form.interests, "weight") if name.startswith("interests[")
                        else (form.ceilings, "amount"))
        key = name[name.index("[") + 1:-1]
        for n, entry in enumerate(rows.entries):
            if (entry.form.category.data or "").strip() == key:
                return f"{rows.name}.{n}.{column}"
        return None
    return {"channels": "channel_1", "interests": "interests.0.category",
            "price_ceilings": "currency"}.get(name, name)
