"""Purchases → Import: upload a file, preview and correct how it is read, import it in the
background with its progress, then the imports made so far and undoing one.

GET never writes: the upload and the consumer's choices are held in memory by the runtime
(web/ui/import_job.py) until the import itself, a POST.
"""

from __future__ import annotations

import io
from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from vault import imports, recipe_book
from vault.errors import Conflict, ValidationError
from vault.importers import recipes, sniff
from vault.importers.recipes import FIELDS, Recipe
from vault.importers.rows import Left, NotPurchase
from vault.reasons import Problem
from web import formatting, runtime, wording
from web.auth import login_required
from web.clock import now
from web.forms import ActionForm, options
from web.forms import status as form_status
from web.reasons import place, sentence
from web.ui.blueprint import bp
from web.ui.forms.imports import UploadForm, format_pairs, reading_form
from web.ui.import_job import ImportJob, Staged, preview
from web.ui.jobs import busy

SCREENFUL = 20  # problems and lines already present listed on a page


@bp.route("/purchases/imports/new", methods=["GET", "POST"], endpoint="import_upload")
@login_required
def upload():
    """Choose a file (and its format, or a saved recipe); nothing is stored yet."""
    store = runtime.store()
    form = UploadForm()
    form.format.choices = options(format_pairs())
    form.recipe.choices = options([("", _("None"))] + [(n, n) for n in recipe_book.names(store)])
    if form.validate_on_submit():
        staged = _staged(form)
        if staged is not None:
            runtime.current().uploads[session["sid"]] = staged
            return redirect(url_for("ui.import_preview"))
    return render_template("purchases/imports/upload.html", form=form,
                           saved=recipe_book.names(store)), form_status(form)


@bp.get("/purchases/import")
@login_required
def old_upload():
    """The address of the old upload page (bookmarks, links): the import page took its place."""
    return redirect(url_for("ui.import_upload"))


def _staged(form: UploadForm) -> Staged | None:
    """The upload with its choices, or None with the reason beside the field concerned."""
    upload = form.file.data
    name = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    recipe = _recipe(form)
    if recipe is False:
        return None
    chosen = form.format.data
    if recipe is not None and chosen == "auto":
        chosen = "generic"  # a recipe reads a generic CSV
    staged = Staged(name, upload.read(), chosen, recipe or None)
    try:
        preview(runtime.store(), staged, now=now())
    except ValidationError as e:
        for p in e.problems:
            field = form.format if p.code == "not_that_format" or p.field == "format" \
                else form.file
            field.errors = [*field.errors, sentence(p)]
        return None
    return staged


def _recipe(form: UploadForm) -> Recipe | bool | None:
    """The recipe chosen (uploaded or saved), None, or False with its reason beside it.

    Raises NotFound if the saved recipe chosen was removed meanwhile.
    """
    if form.recipe_file.data:
        try:
            return recipes.load(form.recipe_file.data.read())
        except ValidationError as e:
            form.recipe_file.errors = [sentence(p) for p in e.problems]
            return False
    if form.recipe.data:
        return recipe_book.get(runtime.store(), form.recipe.data)
    return None


def _held() -> Staged:
    staged = runtime.current().uploads.get(session.get("sid", ""))
    if staged is None:
        abort(redirect(url_for("ui.import_upload")))
    return staged


@bp.route("/purchases/imports/preview", methods=["GET", "POST"], endpoint="import_preview")
@login_required
def preview_page():
    """What the file gives and how it is read; correct it, save the recipe, or import."""
    staged = _held()
    header = sniff.sniff(io.BytesIO(staged.data)).header if staged.data.strip() else []
    found, problems = _preview(staged)
    form = reading_form(header, data=_defaults(staged, found))
    if form.validate_on_submit():
        chosen = _chosen(form, staged, found)
        if chosen is not None:
            runtime.current().uploads[session["sid"]] = chosen
            return _act(form, chosen)
    return _preview_page(form, staged, found, problems)


def _preview(staged: Staged) -> tuple[imports.Preview | None, list[Problem]]:
    try:
        found = preview(runtime.store(), staged, now=now())
    except ValidationError as e:
        return None, list(e.problems)
    return found, found.problems


def _defaults(staged: Staged, found: imports.Preview | None) -> dict:
    """The form as the file is read now: the format chosen or detected, the recipe's mapping."""
    recipe = (found.recipe if found else None) or staged.recipe
    values = {"format": staged.format if staged.format != "auto" or found is None
              else found.format}
    if recipe is not None:
        values.update({f"col_{k}": v for k, v in recipe.columns.items()},
                      date_form=recipe.date_form or "", decimal=recipe.decimal or "",
                      currency=recipe.currency or "",
                      recipe_name="" if recipe.name == "guess" else recipe.name)
    return values


def _chosen(form, staged: Staged, found: imports.Preview | None) -> Staged | None:
    """The file read as the form says, or None with the reasons beside the fields."""
    if form.format.data != "generic":
        return staged.with_choices(form.format.data, None)
    base = (found.recipe if found else None) or staged.recipe
    values = {"name": form.recipe_name.data.strip() or "guess",
              "columns": {f: form[f"col_{f}"].data for f in FIELDS if form[f"col_{f}"].data},
              "date_form": form.date_form.data, "decimal": form.decimal.data,
              "currency": form.currency.data.strip().upper(),
              "encoding": base.encoding if base else None,
              "delimiter": base.delimiter if base else None}
    try:
        recipe = recipes.check(values)
    except ValidationError as e:
        for p in e.problems:
            target = {"name": "recipe_name"}.get(p.field, p.field.replace("columns.", "col_"))
            field = getattr(form, target, form.format)
            field.errors = [*field.errors, sentence(p)]
        return None
    return staged.with_choices("generic", recipe)


def _act(form, staged: Staged):
    if form.save_recipe.data:
        if staged.recipe is None or not form.recipe_name.data.strip():
            form.recipe_name.errors = [_("Give the recipe a name to save it.")]
            return _again(form, staged)
        recipe_book.save(runtime.store(), staged.recipe)
        flash(_("Recipe %(name)s saved: choose it when you upload a file like this one.",
                name=staged.recipe.name), "success")
    elif form.start.data:
        job = ImportJob(runtime.current(), staged, now=now(), dry_run=form.dry_run.data,
                        skip_invalid=form.skip_invalid.data)
        try:
            runtime.current().begin(job)
        except Conflict:
            flash(busy(runtime.current()), "error")
        else:
            runtime.current().uploads.pop(session["sid"], None)
            return redirect(url_for("ui.import_job"))
    return redirect(url_for("ui.import_preview"))


def _again(form, staged: Staged):
    return _preview_page(form, staged, *_preview(staged))


def _preview_page(form, staged: Staged, found: imports.Preview | None,
                  problems: list[Problem]):
    for p in problems:  # a column the file lacks, a field left unmapped: beside its select
        target = getattr(form, p.field.replace("columns.", "col_"), None)
        if target is not None and p.field.startswith("columns."):
            target.errors = [*target.errors, sentence(p)]
    return render_template("purchases/imports/preview.html", form=form, found=found,
                           problems=problems, staged=staged, fields=FIELDS,
                           **_WORDS), form_status(form, problems)


def _format_label(name: str) -> str:
    return dict(format_pairs()).get(name, name)


def _delimiter_label(delimiter: str) -> str:
    names = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs"), "|": _("vertical bars")}
    return names.get(delimiter, delimiter)


def _left_reason(row) -> str:
    if isinstance(row, NotPurchase):
        return _("%(why)s — not a purchase", why=wording.not_purchase(row.rule))
    if isinstance(row, Left):
        return _("%(why)s — left out by the source", why=wording.left_out(row.why))
    where = f" ({row.column})" if row.column else ""
    return _("Invalid%(where)s: %(why)s", where=where, why=_reason(row))


def _reason(bad) -> str:
    return sentence(Problem(bad.column or "", bad.code, tuple(bad.params.items())))


def _where(problem: Problem) -> str:
    """Where in the file a problem is ("line 5: quantity"), or "" when it is the whole file's
    or a setting's (a column the recipe names, the format)."""
    return place(problem.field) if problem.field.startswith(("line ", "order ")) else ""


def _totals(totals: dict[str, int]) -> str:
    return ", ".join(formatting.amount(minor, currency) for currency, minor in totals.items())


# What the import pages' templates call to word what they show.
_WORDS = {"format_label": _format_label, "delimiter_label": _delimiter_label,
          "left_reason": _left_reason, "reason": _reason, "sentence": sentence, "where": _where,
          "not_purchase": wording.not_purchase, "left_out": wording.left_out,
          "totals": _totals, "screenful": SCREENFUL}


@bp.route("/purchases/imports/job", endpoint="import_job")
@login_required
def job_page():
    """The import running (refreshing itself each second), then what it did."""
    job = runtime.current().job
    if not isinstance(job, ImportJob):
        return redirect(url_for("ui.imports_list"))
    return render_template("purchases/imports/job.html", job=job, **_WORDS)


@bp.route("/purchases/imports", endpoint="imports_list")
@login_required
def imports_list():
    """Every import made so far, newest first."""
    return render_template("purchases/imports/list.html",
                           records=imports.history(runtime.store()), **_WORDS)


@bp.route("/purchases/imports/<int:import_id>", endpoint="import_record")
@login_required
def record(import_id: int):
    """One import: its file, format, counts, and what undoing it would remove."""
    removal = imports.removal(runtime.store(), import_id)
    return render_template("purchases/imports/record.html", removal=removal,
                           record=removal.record, form=ActionForm(), **_WORDS)


@bp.route("/purchases/imports/<int:import_id>/undo", methods=["GET", "POST"],
          endpoint="import_undo")
@login_required
def undo(import_id: int):
    """Confirm, then remove the import and every order it added."""
    removal = imports.removal(runtime.store(), import_id)
    form = ActionForm()
    if form.validate_on_submit():
        removed = imports.undo(runtime.store(), import_id)
        flash(ngettext("Import of %(name)s undone: %(num)d purchase removed.",
                       "Import of %(name)s undone: %(num)d purchases removed.", removed,
                       name=removal.record.file_name), "success")
        return redirect(url_for("ui.imports_list"))
    return render_template("purchases/imports/undo.html", removal=removal,
                           record=removal.record, form=form, **_WORDS)


@bp.route("/purchases/imports/recipes/<name>.json", endpoint="recipe_download")
@login_required
def recipe_download(name: str):
    """A saved recipe as its small JSON file, to keep or share."""
    recipe = recipe_book.get(runtime.store(), name)
    return Response(recipes.dump(recipe), mimetype="application/json", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{_quoted(name)}.json"})


def _quoted(name: str) -> str:
    return quote(name, safe="")
