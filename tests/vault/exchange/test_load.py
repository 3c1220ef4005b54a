"""Loading an export: into an empty vault only, all or nothing, refusing what it cannot take."""

from __future__ import annotations

import io
import json

import pytest

from tests.conftest import snapshot
from tests.vault.exchange.conftest import NOW, export_of
from vault import audit, profile, tamper
from vault.errors import Conflict, ValidationError
from vault.exchange import load
from vault.importers import sniff


def _edited(data: bytes, change) -> bytes:
    held = json.loads(data)
    change(held)
    return json.dumps(held).encode()


def _codes(error: ValidationError) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in error.problems]


def test_a_vault_that_holds_anything_is_refused_and_left_as_it_was(full, fresh):
    profile.add_email(fresh, "someone@example.org")
    before = snapshot(fresh)

    with pytest.raises(Conflict, match="profile_emails"):
        load.load(fresh, export_of(full))

    assert snapshot(fresh) == before


@pytest.mark.parametrize(("change", "code"), [
    (lambda d: d.update(version=d["version"] + 1), "export_too_new"),
    (lambda d: d.update(schema_version=d["schema_version"] + 1), "export_too_new"),
    (lambda d: d.update(format="coffre-purchases"), "not_export"),
    (lambda d: d.pop("schema_version"), "not_export"),
    (lambda d: d.update(tables=[]), "not_export"),
    (lambda d: d["tables"].update(tokens=[{"id": 1}]), "export_unknown_column"),
    (lambda d: d["tables"]["orders"][0].update(colour="red"), "export_unknown_column"),
    (lambda d: d["tables"]["brands"][0].update(secret_hash="AAAA"), "export_unknown_column"),
    (lambda d: d["tables"]["orders"][0].update(merchant=["a", "list"]), "not_export"),
    (lambda d: d["tables"]["grant_versions"][0].update(receipt="not base64!"), "not_export"),
    (lambda d: d["tables"]["order_items"][-1].update(quantity=0), "not_export"),
    (lambda d: d["tables"]["order_items"][-1].update(order_id=999999), "not_export"),
    (lambda d: d["tables"]["access_log"][0].update(fields=5), "not_export"),
], ids=["newer format", "newer schema", "another format", "no schema version", "no tables",
        "a secret table", "an unknown column", "a brand's secret given", "a list for a value",
        "bad base64",
        "a broken rule in the last row", "a row that refers to nothing",
        "an older access row's fields not JSON text"])
def test_a_bad_export_is_refused_and_nothing_is_loaded(full, fresh, change, code):
    data = _edited(export_of(full), change)
    before = snapshot(fresh)

    with pytest.raises(ValidationError) as caught:
        load.load(fresh, data)

    assert _codes(caught.value) == [("file", code)]
    assert snapshot(fresh) == before


def test_a_file_that_is_not_json_is_no_export(fresh):
    with pytest.raises(ValidationError) as caught:
        load.load(fresh, b"\xff\xfe not json")
    assert _codes(caught.value) == [("file", "not_export")]


def test_an_export_of_an_older_schema_loads_without_the_columns_added_since(full, fresh):
    def older(held):
        held["schema_version"] -= 1
        for row in held["tables"]["orders"]:
            del row["time_given"]  # a column a later migration added, with a default

    load.load(fresh, _edited(export_of(full), older))

    assert fresh.value("select count(*) from orders where time_given = 1") == 60


def test_an_export_whose_access_log_held_its_answers_inline_loads_them_stored_once(full, fresh):
    for i in range(3):  # the same answer read three times, then a refusal
        audit.record(full, at=NOW, method="GET", endpoint="/api/v1/profile", outcome="allowed",
                     records=1, fields=["name", "city"], held={"kind": "profile", "i": i // 2})
    audit.record(full, at=NOW, method="GET", endpoint="/api/v1/profile", outcome="refused",
                 reason="bad_token")
    audit.settle(full)

    def as_schema_13(export):  # before access_held: each row held its two texts itself
        export["schema_version"] = 13
        pairs = {r["id"]: (r["fields"], r["held"]) for r in export["tables"].pop("access_held")}
        for row in export["tables"]["access_log"]:
            row["fields"], row["held"] = pairs.get(row.pop("held_id"), ("[]", None))

    load.load(fresh, _edited(export_of(full), as_schema_13))

    assert audit.search(fresh) == audit.search(full)
    stored = "select fields, held from access_held order by id"
    assert fresh.all(stored) == full.all(stored)  # one row per distinct answer, as written
    assert tamper.check(fresh).intact


def test_the_importers_recognise_an_export_by_its_start_and_nothing_else(full):
    assert load.recognise(sniff.sniff(io.BytesIO(export_of(full))))
    assert load.FORMAT.name == "coffre-export" and load.FORMAT.recognise is load.recognise
    own = b'{"format": "coffre-purchases", "version": 1, "orders": []}'
    assert not load.recognise(sniff.sniff(io.BytesIO(own)))
    assert not load.recognise(sniff.sniff(io.BytesIO(export_of(full, "jsonld"))))


def test_a_loaded_vault_rebuilds_its_log_and_it_verifies(full, fresh):
    audit.event(full, "vault.unlocked", at=NOW, way="passphrase")
    events = full.value("select count(*) from vault_events")

    load.load(fresh, export_of(full))

    report = tamper.check(fresh)
    assert report.intact and report.size >= events > 0


def _cut(data: bytes) -> bytes:
    """The export cut off in the middle of its rows, as a copy interrupted part-way."""
    return data[:data.index(b'"order_items"') + 200]


def _reordered(data: bytes) -> bytes:
    """The same export with its tables first and its head after them."""
    held = json.loads(data)
    return json.dumps({"tables": held.pop("tables"), **held}).encode()


@pytest.mark.parametrize(("change", "code"), [
    (_cut, "not_export"),
    (lambda d: d + b'{"more": 1}', "not_export"),
    (lambda d: d.replace(b'"tables": {', b'"tables": {"profile": [],', 1), "not_export"),
    (lambda d: b"[" + d + b"]", "not_export"),
    (lambda d: _edited(d, lambda h: h.update(version={"major": 1})), "not_export"),
    (lambda d: _edited(d, lambda h: h["tables"].update(orders={"1": {}})), "not_export"),
    (lambda d: _edited(d, lambda h: h["tables"]["orders"].append(7)), "not_export"),
    (lambda d: _edited(d, lambda h: h.pop("tables")), "not_export"),
    (lambda d: _reordered(_edited(d, lambda h: h.update(schema_version=999))),
     "export_too_new"),
], ids=["cut off part-way", "more after the document", "a table given twice", "a list",
        "a version that is an object", "a table that is no list", "a row that is no object",
        "no tables at all", "a newer schema said after the tables"])
def test_a_broken_stream_is_refused_and_nothing_is_loaded(full, fresh, change, code):
    data = change(export_of(full))
    before = snapshot(fresh)

    with pytest.raises(ValidationError) as caught:
        load.load(fresh, io.BytesIO(data))

    assert _codes(caught.value) == [("file", code)]
    assert snapshot(fresh) == before


def test_an_export_with_its_head_after_its_tables_loads_the_same(full, fresh):
    data = export_of(full)

    added = load.load(fresh, io.BytesIO(_reordered(data)))

    assert added["orders"] == 60
    assert json.loads(export_of(fresh))["tables"] == json.loads(data)["tables"]
