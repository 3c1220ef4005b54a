"""Activity: the access log, every call a brand made or tried, filterable."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from vault import audit, brands
from web import runtime
from web.access.forms import ActivityFilters
from web.access.pages import bp
from web.auth import login_required
from web.forms import options, range_is_reversed
from web.forms import status as form_status
from web.wording import REASON_TEXT, SCOPE_TEXT, access_action

PAGE = 200


def _filters() -> tuple[ActivityFilters, dict]:
    """The filter form from the address, and the filters it validly sets."""
    form = ActivityFilters(formdata=request.args)
    form.brand.choices = options([("", _("All brands"))] + [
        (str(b.id), b.name) for b in brands.all_brands(runtime.store())])
    form.validate()
    dates = () if range_is_reversed(form.since, form.until) else ("since", "until")
    chosen = {name: getattr(form, name).data for name in ("brand", "outcome", *dates)
              if getattr(form, name).data and not getattr(form, name).errors}
    if "brand" in chosen:
        chosen["brand_id"] = int(chosen.pop("brand"))
    return form, chosen


@bp.get("/activity", endpoint="activity")
@login_required
def activity():
    """What brands read, when, and what was refused and why."""
    form, chosen = _filters()
    events = audit.search(runtime.store(), limit=PAGE, **chosen)
    return render_template("access/activity.html", form=form, events=events,
                           reason_text=REASON_TEXT, filtered=bool(chosen), page=PAGE,
                           action=_capitalised_action, scope_title=_scope_title), (
        form_status(form))


def _capitalised_action(event: audit.Event) -> str:
    text = access_action(event)
    return text[:1].upper() + text[1:]


def _scope_title(scope: str) -> str:
    return str(SCOPE_TEXT[scope][0]) if scope in SCOPE_TEXT else scope
