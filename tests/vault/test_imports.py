"""The import run at the vault's level: its record, digest, progress, preview and undo."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tests.web.cli import import_files as files
from vault import imports, insights, merchants, purchases
from vault.imports import keys
from vault.purchases import Item, Order

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def run(store, data: bytes, **options) -> imports.Report:
    return imports.run(store, io.BytesIO(data), "releve.csv", now=NOW,
                       options=imports.Options(**options))


def test_the_record_holds_the_files_digest_format_and_counts(store):
    data = files.card_statement()

    report = run(store, data)

    (record,) = imports.history(store)
    assert record.sha256 == hashlib.sha256(data).hexdigest() == report.sha256
    assert (record.format, record.file_name, record.imported_at) == ("bank", "releve.csv", NOW)
    assert (record.counts.added, record.counts.not_purchase) == (5, 1)
    assert store.value("select count(*) from orders where import_id = ?", (record.id,)) == 5


def test_the_digest_counts_each_byte_once_when_the_reader_reads_twice(store):
    # Dates all <= 12 prove nothing in the sample: the bank reader reads the file twice.
    lines = [f'{n % 12 + 1:02d}/11/2026;"CB FNAC {n}";1,00;;\n' for n in range(5000)]
    data = files.card_statement(lines)

    report = run(store, data)

    assert report.sha256 == hashlib.sha256(data).hexdigest()


def test_progress_goes_forward_to_the_whole_file(store):
    seen = []
    data = files.card_statement([f'24/11/2026;"CB FNAC {n}";1,00;;\n' for n in range(9000)])

    run(store, data, progress=lambda read, total: seen.append((read, total)))

    assert seen[-1] == (len(data), len(data))
    assert [r for r, _ in seen] == sorted(r for r, _ in seen) and len(seen) > 2


def test_the_preview_shows_format_dialect_and_rows_as_they_would_be_stored(store):
    shown = imports.preview(io.BytesIO(files.card_statement()), "releve.csv", now=NOW)

    assert (shown.format, shown.encoding, shown.delimiter) == ("bank", "cp1252", ";")
    first = shown.rows[0]
    assert (first.line, first.merchant, first.at.date(), first.amount_minor, first.category) \
        == (5, "Decathlon", date(2026, 11, 24), 4599, "09.2.2")
    assert [r.amount_minor for r in shown.rows if r.amount_minor < 0] == [-4599]  # the refund
    assert store.value("select count(*) from orders") == 0


def test_a_generic_preview_gives_the_mapping_to_correct(store):
    shown = imports.preview(io.BytesIO(files.GENERIC_BOM), "achats.csv", now=NOW)

    assert shown.format == "generic" and shown.encoding == "utf-8-sig"
    assert shown.recipe.columns == {"date": "Date", "merchant": "Marchand",
                                    "item_name": "Article", "amount": "Montant"}
    assert [(r.merchant, r.amount_minor) for r in shown.rows] == [("Boulangerie Paul", 120),
                                                                  ("Fnac", 890)]


def test_the_consumers_aliases_and_categories_win(store):
    run(store, files.card_statement())
    shop = merchants.find(store, "Decathlon")
    merchants.rename(store, shop.id, "Déca")
    merchants.set_category(store, shop.id, "13.9")
    with store.atomic():
        store.execute("delete from orders")  # imported again: later lines of the same shop

    known = merchants.directory(store)
    run(store, files.card_statement(), aliases=known.aliases, categories=known.categories)

    assert {tuple(r) for r in store.all(
        "select o.merchant, i.category from orders o join order_items i on i.order_id = o.id"
        " where o.merchant = 'Déca'")} == {("Déca", "13.9")}


def test_undo_removes_only_that_import_and_says_what_first(store):
    first = run(store, files.card_statement())
    second = run(store, files.card_statement(files.LATER))

    removal = imports.removal(store, second.import_id)
    assert (removal.orders, removal.totals) == (1, {"EUR": 5420})

    assert imports.undo(store, second.import_id) == 1
    assert [r.id for r in imports.history(store)] == [first.import_id]
    assert store.value("select count(*) from orders") == 5


def _order(total: int, *, refund: bool = False) -> Order:
    return Order("Decathlon", datetime(2026, 11, 24, 12, tzinfo=ZoneInfo("Europe/Paris")),
                 "store", "EUR", (Item("Tente", "09.2.2", 1, total),), refund=refund)


def test_spending_insights_net_a_refund_out(store):
    purchases.add(store, _order(10_000))
    purchases.add(store, _order(3_000, refund=True))

    (month,) = [s for s in insights.spend_by_month(store, months=1, today=date(2026, 11, 30))]
    (category,) = insights.spend_by_category(store)
    (overall,) = insights.rfm(store, by=None, today=date(2026, 11, 30))
    assert (month.minor, month.orders) == (7_000, 1)
    assert (category.key, category.minor, category.orders) == ("09.2.2", 7_000, 1)
    assert (overall.minor, overall.orders) == (7_000, 1)
    assert purchases.get(store, 2).refund is True


def test_identical_lines_get_keys_by_their_position_among_them():
    seen = keys.Occurrences(kept=2)
    coffee = keys.content(date(2026, 11, 24), -250, "EUR", "CB CAFE DU PARC")

    first, second = seen.key("2026-11-24", coffee), seen.key("2026-11-24", coffee)
    assert first != second
    assert keys.Occurrences().key("2026-11-24", coffee) == first  # the same in another file
    for day in ("2026-11-25", "2026-11-26", "2026-11-27"):  # beyond `kept`: the 24th forgotten
        seen.key(day, keys.content(date.fromisoformat(day), -250, "EUR", "CB CAFE DU PARC"))
    assert seen.key("2026-11-24", coffee) == first  # hence the run's check against its own



def test_a_kept_import_moves_the_history_version_and_a_refused_one_does_not(store):
    version = purchases.version(store)
    bad = '28/11/2026;"CB FNAC BELLECOUR 28/11";douze;;\n'  # an amount that is none

    assert not run(store, files.card_statement([*files.NOVEMBER, bad])).stored
    assert purchases.version(store) == version
    assert run(store, files.card_statement()).stored
    assert purchases.version(store) > version


def test_a_shops_order_number_already_in_the_vault_is_found_by_the_import(store):
    typed = Order("Amazon", datetime(2023, 5, 14, 9, tzinfo=UTC), "web", "EUR",
                  (Item("Câble USB-C", "05.4", 1, 1299),), merchant_order_id="405-1111111-1111111")
    purchases.add(store, typed)

    report = imports.run(store, io.BytesIO(files.AMAZON), "Retail.OrderHistory.1.csv", now=NOW)

    assert (report.counts.added, report.counts.present) == (1, 1)
    assert store.all("select merchant_order_id from orders where import_id is not null"
                     )[0][0] == "405-3333333-3333333"
