"""Activity: the access log, every call a brand made or tried, filterable, and its check.

Each read shows the values it returned, rebuilt from the records it held (vault.received);
"Check the log" recomputes the transparency log and says what, if anything, was changed.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from vault import audit, brands, received, tamper
from web import runtime
from web.access.forms import ActivityFilters
from web.access.pages import bp
from web.access.received import in_words
from web.auth import login_required
from web.forms import ActionForm, options, range_is_reversed
from web.forms import status as form_status
from web.wording import REASON_TEXT, SCOPE_TEXT, TAMPER_TEXT, access_action

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
def activity(report: tamper.Report | None = None):
    """What brands read, when, and what was refused and why."""
    form, chosen = _filters()
    store = runtime.store()
    events = audit.search(store, limit=PAGE, **chosen)
    answers = {e.id: received.rebuild(store, e) for e in events if e.held}
    return render_template("access/activity.html", form=form, events=events,
                           reason_text=REASON_TEXT, filtered=bool(chosen), page=PAGE,
                           action=_capitalised_action, scope_title=_scope_title,
                           answers=answers, in_words=in_words, report=report,
                           finding_text=_finding), form_status(form)


@bp.post("/activity/verify", endpoint="verify")
@login_required
def verify():
    """Recompute the transparency log and say whether any event was changed, and which."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("access.activity"))
    return activity(tamper.check(runtime.store()))


def _finding(finding: tamper.Finding) -> str:
    return str(TAMPER_TEXT[finding.kind]) % {"seq": "?" if finding.seq is None else finding.seq,
                                              "other": finding.other}


def _capitalised_action(event: audit.Event) -> str:
    text = access_action(event)
    return text[:1].upper() + text[1:]


def _scope_title(scope: str) -> str:
    return str(SCOPE_TEXT[scope][0]) if scope in SCOPE_TEXT else scope
