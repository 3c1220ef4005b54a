"""Coffre's own JSON and CSV purchase files through Purchases → Import (the old upload page's
file formats): all or nothing, problems named by line and field, once only; the old address."""

from __future__ import annotations

import json

from tests.web.helpers import text
from tests.web.ui.test_import_pages import start, upload
from vault import imports, purchases

HEADER = ("merchant,merchant_order_id,ordered_at,tz,channel,currency,"
          "item_name,item_brand,item_category,quantity,unit_price\n")
CSV = HEADER + ("Fnac,F-1,2025-03-14T10:30:00,Europe/Paris,web,EUR,Roman,Gallimard,books,1,21.50\n"
                "Fnac,F-1,2025-03-14T10:30:00,Europe/Paris,web,EUR,BD,,books,2,12\n"
                "Decathlon,,2025-04-02T18:00:00+02:00,,store,EUR,Gourde,,sport,1,9.99\n")
BAD_ROW = CSV + "Fnac,F-2,2025-03-15T10:00:00,Europe/Paris,web,EUR,Livre,,books,zero,5\n"
GOOD_ORDER = {"merchant": "Fnac", "merchant_order_id": "F-9", "ordered_at":
              "2025-03-14T10:30:00+01:00", "channel": "web", "currency": "EUR",
              "items": [{"name": "Roman", "category": "books", "quantity": 1,
                         "unit_price": "21.50"}]}


def doc(*orders) -> str:
    return json.dumps({"format": "coffre-purchases", "version": 1, "orders": list(orders)},
                      indent=2)


def imported(owner, app, name: str, content: str | bytes):
    """Upload the file, import it as previewed, and return the job's page."""
    data = content.encode() if isinstance(content, str) else content
    assert upload(owner, data, name).status_code == 302
    job = start(owner, app)
    return job, text(owner.get("/purchases/imports/job"))


def test_a_csv_file_adds_every_order_with_its_provenance(app, owner, store_of):
    job, page = imported(owner, app, "my-orders.csv", CSV)

    assert job.report.stored and "my-orders.csv is imported" in page
    assert job.report.format == "coffre-csv"
    fnac = purchases.search(store_of, purchases.Filters(merchant="Fnac"))[0][0]
    assert fnac.total_minor == 4550 and len(fnac.items) == 2
    assert (fnac.provenance.source, fnac.provenance.ref) == ("import", "my-orders.csv")
    assert purchases.count(store_of) == 2


def test_a_json_file_is_previewed_then_imported(app, owner, store_of):
    upload(owner, doc(GOOD_ORDER).encode(), "orders.json")
    preview = text(owner.get("/purchases/imports/preview"))
    start(owner, app)

    assert "Coffre&#39;s JSON — recognised from its content" in preview and "Fnac" in preview
    assert purchases.count(store_of) == 1


def test_a_bad_row_stops_the_whole_file_and_says_where(app, owner, store_of):
    upload(owner, BAD_ROW.encode(), "orders.csv")
    preview = text(owner.get("/purchases/imports/preview"))
    _, page = imported(owner, app, "orders.csv", BAD_ROW)

    for shown in (preview, page):
        assert "<strong>line 5: quantity</strong> — Type a whole number." in shown
    assert "Nothing was imported" in page
    assert purchases.count(store_of) == 0 and imports.history(store_of) == []


def test_json_problems_name_the_line_and_order(app, owner, store_of):
    broken = dict(GOOD_ORDER, merchant_order_id="F-10", channel="pigeon")

    _, page = imported(owner, app, "orders.json", doc(GOOD_ORDER, broken))

    assert "<strong>line 20, order 2: channel</strong> — " in page
    assert purchases.count(store_of) == 0


def test_malformed_json_names_line_and_column(app, owner, store_of):
    _, page = imported(owner, app, "orders.json", '{"orders": [\n  {"merchant": }\n]}')
    assert "<strong>line 2, column 16</strong>" in page
    assert purchases.count(store_of) == 0


def test_the_same_file_again_adds_nothing_and_says_so(app, owner, store_of):
    imported(owner, app, "orders.json", doc(GOOD_ORDER))

    job, page = imported(owner, app, "orders.json",
                         doc(GOOD_ORDER, dict(GOOD_ORDER, merchant_order_id="F-11")))

    assert (job.report.counts.added, job.report.counts.present) == (1, 1)
    assert "Taken as already in your vault, and left as they were: lines 1." in page
    assert purchases.count(store_of) == 2


def test_the_same_order_twice_in_one_file_is_refused(app, owner, store_of):
    _, page = imported(owner, app, "orders.json", doc(GOOD_ORDER, GOOD_ORDER))
    assert "appear at order 1 too" in page and purchases.count(store_of) == 0


def test_other_files_are_refused(app, owner, store_of):
    archive = upload(owner, b"PK\x03\x04", "orders.xlsx")
    _, latin1 = imported(owner, app, "orders.csv",
                         HEADER.encode() + "Fnac,,x,,web,EUR,Caf\xe9".encode("latin-1"))

    assert archive.status_code == 422 and "ZIP archive" in text(archive)
    assert "not UTF-8" in latin1
    assert purchases.count(store_of) == 0


def test_a_file_nested_thousands_deep_is_refused_with_a_reason(app, owner, store_of):
    _, page = imported(owner, app, "orders.json",
                       '{"orders": ' + "[" * 5000 + "]" * 5000 + "}")
    assert "too deep" in page and purchases.count(store_of) == 0


def test_problems_of_a_file_read_in_french(app, owner, store_of):
    owner.post("/language", data={"language": "fr", "next": "/purchases"})

    _, bad = imported(owner, app, "orders.csv", BAD_ROW)
    _, twice = imported(owner, app, "orders.json", doc(GOOD_ORDER, GOOD_ORDER))

    assert "<strong>ligne 5: quantity</strong> — Indiquez un nombre entier." in bad
    assert "figurent aussi en commande 1." in twice
    assert purchases.count(store_of) == 0


def test_the_old_upload_address_lands_on_the_import_page(owner):
    response = owner.get("/purchases/import")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/purchases/imports/new")
    assert "Import purchases from a file" in text(owner.get(response.headers["Location"]))


def test_every_link_to_import_leads_to_the_import_page(owner):
    for path in ("/purchases", "/insights", "/"):
        page = text(owner.get(path))
        assert 'href="/purchases/import"' not in page, path
        assert 'href="/purchases/imports/new"' in page, path
