"""Settings → Backups and Forget old purchases: back up now, the schedule, the retention rule."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from agent import inbox
from vault import backup, keeping, retention
from vault.errors import Conflict, ValidationError
from vault.store import Store
from web import runtime, scheduler
from web.auth import login_required
from web.clock import now
from web.confirm import confirmed
from web.forms import ActionForm, show_problems
from web.forms import status as form_status
from web.ui.backup_job import BackupJob
from web.ui.blueprint import bp
from web.ui.forms.keeping import BackupPlanForm, RetentionForm
from web.ui.jobs import busy

LISTED = 20  # backups, and purchases a dry run shows


def last_backup(store: Store) -> datetime | None:
    """When the newest good backup in the plan's folder was made, in the consumer's zone."""
    plan = keeping.load(store)
    last = backup.last_good(runtime.current().folder, into=plan.folder)
    return last.astimezone(inbox.consumer_zone(store)) if last else None


@bp.route("/settings/backups", methods=["GET", "POST"])
@login_required
def settings_backups():
    """Back up now; how often, how many to keep, and where."""
    store, rt = runtime.store(), runtime.current()
    plan = keeping.load(store)
    form = BackupPlanForm(data={"every_hours": str(plan.every_hours or ""), "keep": plan.keep,
                                "folder": str(plan.folder or "")})
    if form.validate_on_submit() and _plan_saved(store, form, plan):
        scheduler.current().wake()  # a first scheduled backup need not wait for the next round
        flash(_("Your backup settings are saved."), "success")
        return redirect(url_for("ui.settings_backups"))
    zone = inbox.consumer_zone(store)
    found = backup.backups(rt.folder, into=plan.folder)
    return render_template(
        "settings/backups.html", form=form, plan=plan, now_form=ActionForm(),
        where=backup.where(rt.folder, plan.folder), failure=scheduler.current().failure,
        backups=[(b.at.astimezone(zone), b.path.name) for b in reversed(found[-LISTED:])],
        count=len(found)), form_status(form)


def _plan_saved(store: Store, form: BackupPlanForm, plan: keeping.Plan) -> bool:
    try:
        keeping.save(store, keeping.check(form.every_hours.data, form.keep.data,
                                          (form.folder.data or "").strip(),
                                          plan.retention_years))
    except ValidationError as e:
        show_problems(form, e)
        return False
    return True


@bp.post("/settings/backups/now")
@login_required
def backup_now():
    """Start a verified backup in the plan's folder (keeping the newest as many as chosen)."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("ui.settings_backups"))
    rt = runtime.current()
    try:
        rt.begin(BackupJob(rt, now=now()))
    except Conflict:
        flash(busy(rt), "error")
        return redirect(url_for("ui.settings_backups"))
    return redirect(url_for("ui.backup_job"))


@bp.get("/settings/backups/job")
@login_required
def backup_job():
    """The backup being made (the page refreshes itself), then the backup made, or why not."""
    job = runtime.current().job
    if not isinstance(job, BackupJob):
        return redirect(url_for("ui.settings_backups"))
    return render_template("settings/backup_job.html", job=job,
                           last_backup=last_backup(runtime.store()))


@bp.route("/settings/retention", methods=["GET", "POST"])
@login_required
def settings_retention():
    """The rule that forgets old purchases: its dry run, then saved (and applied) on request."""
    store, moment = runtime.store(), now()
    plan = keeping.load(store)
    form = RetentionForm(data={"retention_years": plan.retention_years})
    years = plan.retention_years
    if form.validate_on_submit():
        years = form.retention_years.data
        going = retention.count(store, years=years, now=moment) if years else 0
        if (going == 0 or confirmed()) and _rule_saved(store, form, plan, moment):
            _say_saved(years, going)
            return redirect(url_for("ui.settings_retention"))
    doomed = retention.dry_run(store, years=years, now=moment, limit=LISTED) if years else []
    going = retention.count(store, years=years, now=moment) if years else 0
    return render_template(
        "settings/retention.html", form=form, plan=plan, years=years, doomed=doomed,
        going=going, asking=form.is_submitted() and not form.errors and going > 0,
        cutoff=retention.cutoff(moment, years) if years else None), form_status(form)


def _rule_saved(store: Store, form: RetentionForm, plan: keeping.Plan, moment: datetime) -> bool:
    """Keep the rule and apply it at once, in one transaction."""
    years = form.retention_years.data
    try:
        with store.atomic():
            keeping.save(store, keeping.check(plan.every_hours, plan.keep,
                                              str(plan.folder or ""), years))
            if years:
                retention.forget(store, years=years, now=moment)
    except ValidationError as e:
        show_problems(form, e)
        return False
    return True


def _say_saved(years: int | None, gone: int) -> None:
    if not years:
        flash(_("Coffre keeps all your purchases; no rule forgets them."), "success")
        return
    flash(ngettext("The rule is saved. %(num)d purchase was forgotten.",
                   "The rule is saved. %(num)d purchases were forgotten.", gone), "success")
