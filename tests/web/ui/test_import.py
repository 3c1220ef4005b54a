"""Uploading a file of purchases: all or nothing, problems named by line and field, 413."""

from __future__ import annotations

import io
import json

from tests.conftest import PASSPHRASE, app_config
from tests.web.helpers import sign_in, text
from vault import purchases
from web import create_app

HEADER = ("merchant,merchant_order_id,ordered_at,tz,channel,currency,"
          "item_name,item_brand,item_category,quantity,unit_price\n")
CSV = HEADER + ("Fnac,F-1,2025-03-14T10:30:00,Europe/Paris,web,EUR,Roman,Gallimard,books,1,21.50\n"
                "Fnac,F-1,2025-03-14T10:30:00,Europe/Paris,web,EUR,BD,,books,2,12\n"
                "Decathlon,,2025-04-02T18:00:00+02:00,,store,EUR,Gourde,,sport,1,9.99\n")


def upload(client, name: str, content: str | bytes, **extra):
    data = content.encode() if isinstance(content, str) else content
    return client.post("/purchases/import", data={"file": (io.BytesIO(data), name), **extra},
                       content_type="multipart/form-data")


def doc(*orders) -> str:
    return json.dumps({"format": "coffre-purchases", "version": 1, "orders": list(orders)},
                      indent=2)


GOOD_ORDER = {"merchant": "Fnac", "merchant_order_id": "F-9", "ordered_at":
              "2025-03-14T10:30:00+01:00", "channel": "web", "currency": "EUR",
              "items": [{"name": "Roman", "category": "books", "quantity": 1,
                         "unit_price": "21.50"}]}


def test_csv_import_adds_every_order_with_its_provenance(owner, store_of):
    response = upload(owner, "my-orders.csv", CSV)

    assert response.status_code == 302
    assert "2 purchases added from my-orders.csv" in text(owner.get("/purchases"))
    fnac = purchases.search(store_of, purchases.Filters(merchant="Fnac"))[0][0]
    assert fnac.total_minor == 4550 and len(fnac.items) == 2
    assert (fnac.provenance.source, fnac.provenance.ref) == ("import", "my-orders.csv")


def test_json_import(owner, store_of):
    response = upload(owner, "orders.json", doc(GOOD_ORDER))
    assert response.status_code == 302
    assert purchases.count(store_of) == 1


def test_a_bad_row_stops_the_whole_file_and_says_where(owner, store_of):
    bad = CSV + "Fnac,F-2,2025-03-15T10:00:00,Europe/Paris,web,EUR,Livre,,books,zero,5\n"

    response = upload(owner, "orders.csv", bad)

    assert response.status_code == 422
    assert "line 5: quantity" in text(response)
    assert "Type a whole number." in text(response)
    assert "Nothing was added" in text(response)
    assert purchases.count(store_of) == 0


def test_json_problems_name_the_line_and_order(owner, store_of):
    broken = dict(GOOD_ORDER, merchant_order_id="F-10", channel="pigeon")
    response = upload(owner, "orders.json", doc(GOOD_ORDER, broken))

    assert response.status_code == 422
    assert "line 20, order 2: channel" in text(response)
    assert purchases.count(store_of) == 0


def test_malformed_json_names_line_and_column(owner, store_of):
    response = upload(owner, "orders.json", '{"orders": [\n  {"merchant": }\n]}')
    assert response.status_code == 422
    assert "line 2, column 16" in text(response)


def test_orders_already_in_the_vault_are_refused_or_skipped(owner, store_of):
    upload(owner, "orders.json", doc(GOOD_ORDER))

    again = upload(owner, "orders.json", doc(GOOD_ORDER))
    assert again.status_code == 422 and "already in your vault" in text(again)
    assert purchases.count(store_of) == 1

    skipped = upload(owner, "orders.json", doc(GOOD_ORDER, dict(GOOD_ORDER,
                                                                 merchant_order_id="F-11")),
                     skip_existing="y")
    assert skipped.status_code == 302
    assert "1 was already in your vault" in text(owner.get("/purchases"))
    assert purchases.count(store_of) == 2


def test_the_same_order_twice_in_one_file_is_refused(owner, store_of):
    response = upload(owner, "orders.json", doc(GOOD_ORDER, GOOD_ORDER))
    assert response.status_code == 422 and "appear at order 1 too" in text(response)


def test_other_files_are_refused(owner, store_of):
    response = upload(owner, "orders.xlsx", b"PK\x03\x04")
    assert response.status_code == 422
    assert ".json or .csv" in text(response)
    latin1 = upload(owner, "orders.csv", HEADER.encode() + "Fnac,,x,,web,EUR,Caf\xe9".encode(
        "latin-1"))
    assert "not UTF-8" in text(latin1)
    assert purchases.count(store_of) == 0


def test_missing_columns_are_named(owner):
    response = upload(owner, "orders.csv", "merchant,ordered_at\nFnac,2025-01-01\n")
    assert "The column channel is missing" in text(response)


def test_too_large_upload_gets_a_clear_413_page(folder):
    app = create_app(app_config(folder, MAX_CONTENT_LENGTH=2048))
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    sign_in(client)

    response = upload(client, "big.csv", CSV * 40)

    assert response.status_code == 413
    assert "Split the file" in text(response)
    assert purchases.count(app.extensions["coffre"].require()) == 0
    app.extensions["coffre"].lock()


def test_problems_of_a_file_read_in_french(owner, store_of):
    owner.post("/language", data={"language": "fr", "next": "/purchases"})
    bad = CSV + "Fnac,F-2,2025-03-15T10:00:00,Europe/Paris,web,EUR,Livre,,books,zero,5\n"

    response = upload(owner, "orders.csv", bad)
    twice = upload(owner, "orders.json", doc(GOOD_ORDER, GOOD_ORDER))

    assert response.status_code == 422
    assert "<strong>ligne 5: quantity</strong> — Indiquez un nombre entier." in text(response)
    assert "figurent aussi en commande 1." in text(twice)
    assert purchases.count(store_of) == 0


def test_a_file_nested_thousands_deep_is_refused_with_a_reason(owner, store_of):
    response = upload(owner, "orders.json", '{"orders": ' + "[" * 5000 + "]" * 5000 + "}")
    assert response.status_code == 422
    assert "too deep" in text(response)
    assert purchases.count(store_of) == 0
