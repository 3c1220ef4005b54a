"""Purchases → Import: upload, preview, correct, import in the background, report, undo."""

from __future__ import annotations

import io
import json
import re

import pytest

from tests.conftest import PASSPHRASE, app_config
from tests.web.cli import import_files as files
from tests.web.helpers import csrf_token, sign_in, text
from vault import imports, purchases, recipe_book
from web import create_app
from web.ui.import_job import ImportJob, Staged

# A generic CSV whose every day is 12 or less: its date form is the consumer's to say.
AMBIGUOUS = (b"Jour,Boutique,Somme,Devise\n"
             b"03/04/2026,Boulangerie Paul,1.20,EUR\n"
             b"05/06/2026,Fnac.com,8.90,EUR\n")


def upload(client, data: bytes, name: str = "releve.csv", **fields):
    return client.post("/purchases/imports/new", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name), "format": "auto", **fields})


def job_of(app):
    """The background import, finished (its thread joined: no waiting on the clock)."""
    job = app.extensions["coffre"].job
    job.thread.join(timeout=30)
    assert job.done.is_set()
    return job


def start(client, app, **fields):
    response = client.post("/purchases/imports/preview", data={"start": "1", **fields})
    assert response.status_code == 302, text(response)
    assert response.headers["Location"].endswith("/purchases/imports/job")
    return job_of(app)


def test_the_preview_shows_the_detected_format_and_the_rows_as_stored(owner, store_of):
    response = upload(owner, files.card_statement())
    assert response.headers["Location"].endswith("/purchases/imports/preview")

    page = text(owner.get("/purchases/imports/preview"))

    assert "Bank or card statement (CSV) — recognised from its content" in page
    assert "cp1252" in page and "semicolons" in page
    assert "Decathlon" in page and "€45.99" in page and "Nov 24, 2026" in page
    assert "Line 7: A salary or pension paid in — not a purchase" in page
    assert purchases.count(store_of) == 0  # nothing stored before the import


def test_the_preview_speaks_french(owner):
    owner.post("/language", data={"language": "fr"})
    upload(owner, files.card_statement())

    page = text(owner.get("/purchases/imports/preview"))

    assert "45,99\u00a0€" in page and "reconnu d’après son contenu" in page


def test_import_runs_in_the_background_and_reports_what_it_did(app, owner, store_of):
    upload(owner, files.card_statement())

    job = start(owner, app, format="bank")
    page = text(owner.get("/purchases/imports/job"))

    assert job.report.stored and purchases.count(store_of) == 5
    assert "releve.csv is imported" in page
    assert 'http-equiv="refresh"' not in owner.get("/purchases/imports/job").get_data(True)
    (record,) = imports.history(store_of)
    assert f'href="/purchases/imports/{record.id}"' in owner.get(
        "/purchases/imports/job").get_data(True)


def test_the_progress_page_refreshes_itself_and_shows_a_progress_bar(app, owner):
    upload(owner, files.card_statement())
    rt = app.extensions["coffre"]
    with rt.require().atomic():  # holds the writer: the job waits at its first write
        owner.post("/purchases/imports/preview", data={"start": "1", "format": "bank"})
        html = owner.get("/purchases/imports/job").get_data(True)
    job_of(app)

    assert '<meta http-equiv="refresh" content="1">' in html
    assert f'<progress id="import-progress" max="{len(files.card_statement())}"' in html


def test_importing_the_same_file_again_adds_nothing_and_says_which_rows(app, owner, store_of):
    for _ in range(2):
        upload(owner, files.card_statement())
        job = start(owner, app, format="bank")

    page = text(owner.get("/purchases/imports/job"))
    assert job.report.counts.added == 0 and purchases.count(store_of) == 5
    assert "Taken as already in your vault, and left as they were: lines 5, 6, 8, 9, 10" in page


def test_an_invalid_row_imports_nothing_and_says_where_and_why(app, owner, store_of):
    upload(owner, files.card_statement([*files.NOVEMBER, '31/11/2026;"CB FNAC";9,99;;\n']))

    start(owner, app, format="bank")
    page = text(owner.get("/purchases/imports/job"))

    assert "Nothing was imported" in page and "1 row is invalid" in page
    assert "31/11/2026" in page and "This is not a date" in page
    assert purchases.count(store_of) == 0 and imports.history(store_of) == []


def test_skip_invalid_imports_the_other_rows(app, owner, store_of):
    upload(owner, files.card_statement([*files.NOVEMBER, '31/11/2026;"CB FNAC";9,99;;\n']))

    start(owner, app, format="bank", skip_invalid="y")

    assert purchases.count(store_of) == 5


def test_a_dry_run_stores_nothing(app, owner, store_of):
    upload(owner, files.card_statement())

    job = start(owner, app, format="bank", dry_run="y")

    assert job.report.counts.added == 5 and purchases.count(store_of) == 0
    assert "nothing was stored" in text(owner.get("/purchases/imports/job"))


def test_options_start_unticked(owner):
    upload(owner, files.card_statement())
    html = owner.get("/purchases/imports/preview").get_data(True)
    assert "checked" not in html


@pytest.mark.parametrize(("data", "name", "fields", "where", "message"), [
    (b"", "empty.csv", {}, "file", "The file is empty."),
    (b"PK\x03\x04zipped", "photos.csv", {}, "file", "This file is a ZIP archive"),
    (files.card_statement(), "releve.csv", {"format": "amazon"}, "format",
     "This file is not in the amazon format"),
])
def test_bad_files_say_why_beside_the_field_and_store_nothing(app, owner, store_of, data,
                                                                name, fields, where, message):
    response = upload(owner, data, name, **fields)

    assert response.status_code == 422
    html = response.get_data(True)
    assert f'id="{where}-error"' in html and message in text(response)
    assert app.extensions["coffre"].uploads == {} and purchases.count(store_of) == 0


def test_a_generic_csv_shows_its_mapping_and_the_date_form_can_be_said(app, owner, store_of):
    upload(owner, AMBIGUOUS, "export.csv")
    page = text(owner.get("/purchases/imports/preview"))
    assert "could be day first or month first" in page

    mapping = {"format": "generic", "col_date": "Jour", "col_merchant": "Boutique",
               "col_amount": "Somme", "col_currency": "Devise", "date_form": "dmy"}
    assert owner.post("/purchases/imports/preview",
                      data={"refresh": "1", **mapping}).status_code == 302
    page = text(owner.get("/purchases/imports/preview"))
    assert "Apr 3, 2026" in page and "€8.90" in page

    start(owner, app, **mapping)
    (fnac,) = purchases.search(store_of, purchases.Filters(merchant="Fnac"))[0]
    assert fnac.ordered_at.month == 6 and fnac.ordered_at.day == 5


def test_a_mapping_naming_no_date_says_so_beside_the_field(owner):
    upload(owner, AMBIGUOUS, "export.csv")
    owner.post("/purchases/imports/preview", data={
        "refresh": "1", "format": "generic", "col_date": "", "col_merchant": "Boutique",
        "col_amount": "Somme", "col_currency": "Devise"})

    response = owner.get("/purchases/imports/preview")

    assert response.status_code == 422
    assert re.search(r'id="col_date-error">Choose the column that gives the date',
                     text(response))


def test_a_saved_recipe_is_reused_and_downloaded(app, owner, store_of):
    upload(owner, AMBIGUOUS, "export.csv")
    owner.post("/purchases/imports/preview", data={
        "save_recipe": "1", "format": "generic", "col_date": "Jour", "col_merchant": "Boutique",
        "col_amount": "Somme", "col_currency": "Devise", "date_form": "dmy",
        "recipe_name": "Ma banque"})
    assert recipe_book.names(store_of) == ["Ma banque"]

    download = owner.get("/purchases/imports/recipes/Ma%20banque.json")
    assert download.mimetype == "application/json" and "attachment" in \
        download.headers["Content-Disposition"]
    assert json.loads(download.data)["columns"]["date"] == "Jour"

    upload(owner, AMBIGUOUS, "export.csv", recipe="Ma banque")
    assert "Apr 3, 2026" in text(owner.get("/purchases/imports/preview"))
    job = start(owner, app, format="generic", col_date="Jour", col_merchant="Boutique",
                col_amount="Somme", col_currency="Devise", date_form="dmy",
                recipe_name="Ma banque")
    assert job.report.stored
    assert imports.history(store_of)[0].recipe == "Ma banque"


def test_a_recipe_file_can_be_uploaded_with_the_csv(owner):
    recipe = json.dumps({"name": "Partagée", "columns": {"date": "Jour", "merchant": "Boutique",
                        "amount": "Somme", "currency": "Devise"}, "date_form": "mdy"})
    owner.post("/purchases/imports/new", content_type="multipart/form-data", data={
        "file": (io.BytesIO(AMBIGUOUS), "export.csv"), "format": "auto",
        "recipe_file": (io.BytesIO(recipe.encode()), "partagee.json")})
    assert "Mar 4, 2026" in text(owner.get("/purchases/imports/preview"))


def test_the_imports_list_and_undo_with_its_confirmation(app, owner, store_of):
    upload(owner, files.card_statement())
    start(owner, app, format="bank")
    (record,) = imports.history(store_of)

    listed = text(owner.get("/purchases/imports"))
    assert "releve.csv" in listed and record.sha256[:12] in listed
    confirm = text(owner.get(f"/purchases/imports/{record.id}/undo"))
    assert "added 5 purchases" in confirm and "Decathlon" in confirm
    assert purchases.count(store_of) == 5  # the GET only asks

    response = owner.post(f"/purchases/imports/{record.id}/undo")
    assert response.status_code == 302
    assert purchases.count(store_of) == 0 and imports.history(store_of) == []
    assert "5 purchases removed" in text(owner.get("/purchases/imports"))


def test_undo_and_import_need_the_csrf_token(csrf_owner):
    app, client = csrf_owner
    token = csrf_token(client, "/purchases/imports/new")
    client.post("/purchases/imports/new", content_type="multipart/form-data", data={
        "file": (io.BytesIO(files.card_statement()), "releve.csv"), "format": "bank",
        "csrf_token": token})
    refused = client.post("/purchases/imports/preview", data={"start": "1", "format": "bank"})
    assert refused.status_code == 400 and app.extensions["coffre"].job is None

    token = csrf_token(client, "/purchases/imports/preview")
    client.post("/purchases/imports/preview", data={"start": "1", "format": "bank",
                                                   "csrf_token": token})
    job_of(app)
    (record,) = imports.history(app.extensions["coffre"].require())
    assert client.post(f"/purchases/imports/{record.id}/undo").status_code == 400
    assert len(imports.history(app.extensions["coffre"].require())) == 1


def test_one_import_at_a_time(app, owner, store_of):
    upload(owner, files.card_statement())
    with store_of.atomic():
        owner.post("/purchases/imports/preview", data={"start": "1", "format": "bank"})
        upload(owner, files.card_statement())
        second = owner.post("/purchases/imports/preview", data={"start": "1", "format": "bank"})
    job_of(app)
    assert "An import is already running" in text(owner.get(second.headers["Location"]))
    assert len(imports.history(store_of)) == 1


def test_without_an_upload_the_preview_sends_back_to_the_upload(owner):
    response = owner.get("/purchases/imports/preview")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/purchases/imports/new")


def test_a_file_that_cannot_be_read_imports_nothing_and_says_why(app, owner, store_of):
    upload(owner, AMBIGUOUS, "export.csv")  # the preview already says its dates are ambiguous

    job = start(owner, app, format="generic", col_date="Jour", col_merchant="Boutique",
                col_amount="Somme", col_currency="Devise")
    page = text(owner.get("/purchases/imports/job"))

    assert job.refused and "Nothing was imported" in page
    assert "could be day first or month first" in page
    assert imports.history(store_of) == [] and purchases.count(store_of) == 0


def test_a_job_whose_vault_was_locked_keeps_nothing_and_says_it_failed(app, clock):
    rt = app.extensions["coffre"]
    job = ImportJob(rt, Staged("releve.csv", files.card_statement(), "bank"), now=clock.now(),
                    dry_run=False, skip_invalid=False)
    rt.lock()

    job.start()
    job.thread.join(timeout=30)

    assert job.failed and job.report is None
    rt.unlock("passphrase", PASSPHRASE)
    assert imports.history(rt.require()) == []


def test_a_file_over_the_upload_limit_gets_a_clear_413_page(folder):
    app = create_app(app_config(folder, MAX_CONTENT_LENGTH=2048))
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    sign_in(client)

    response = upload(client, files.card_statement(files.NOVEMBER * 40))

    assert response.status_code == 413 and "Split the file" in text(response)
    assert app.extensions["coffre"].uploads == {}
    app.extensions["coffre"].lock()


def test_every_field_a_recipe_maps_has_a_label_on_the_page():
    from web.ui.forms.imports import FIELD_LABELS, FIELDS

    assert set(FIELD_LABELS) == set(FIELDS)
