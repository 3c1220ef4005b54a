"""Amazon's Retail.OrderHistory export, with the quirks of the real files."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vault.errors import ValidationError
from vault.importers import amazon, sniff
from vault.importers.rows import Bad, Left, Line, Purchase

HEADER = ["Website", "Order ID", "Order Date", "Purchase Order Number", "Currency", "Unit Price",
          "Unit Price Tax", "Shipping Charge", "Total Discounts", "Total Owed",
          "Shipment Item Subtotal", "Shipment Item Subtotal Tax", "ASIN", "Product Condition",
          "Quantity", "Payment Instrument Type", "Order Status", "Shipment Status", "Ship Date",
          "Shipping Option", "Shipping Address", "Billing Address",
          "Carrier Name & Tracking Number", "Product Name", "Gift Message", "Gift Sender Name",
          "Gift Recipient Contact Details"]
NA = "Not Available"


def item(order: str, at: str, price: str, quantity: str, name: str, status: str = "Closed",
         shipment: str = "Shipped") -> list[str]:
    return ["Amazon.fr", order, at, "Not Applicable", "EUR", price, "0.5", "0", "0", price,
            price, "0.5", "B00TEST", "New", quantity, "Visa - 1234", status, shipment,
            "2023-05-15T10:00:00Z" if shipment == "Shipped" else NA, "standard",
            "Jeanne Martin 1 rue de la Paix, 75002 Paris, France",
            "Jeanne Martin 1 rue de la Paix, 75002 Paris, France",
            "AMZN_FR(QF123)" if shipment == "Shipped" else NA, name, NA, NA, NA]


def export(*rows: list[str]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return "\ufeff".encode() + out.getvalue().encode()


EXPORT = export(
    item("405-1111111-1111111", "2023-05-14T09:12:33Z", "12.99", "1",
         'Câble USB-C, 2 m, tressé, "noir"'),
    item("405-1111111-1111111", "2023-05-14T09:12:33Z", "4.50", "2", "Piles AA, lot de 4"),
    item("405-2222222-2222222", "2023-06-01T08:00:00.123Z", "30.00", "1", "Livre",
         status="Cancelled", shipment=NA),
    item("405-3333333-3333333", "2023-07-02T17:45:10.5Z", "8.99", "1", "Carnet"),
    item("405-3333333-3333333", "2023-07-02T17:45:10.5Z", "19.90", "1", "Lampe",
         status="Closed", shipment="Cancelled"),
)


def read(data: bytes) -> list:
    return list(amazon.read(io.BytesIO(data)))


def test_one_purchase_per_order_id_at_amazon_on_the_web(tmp_path: Path):
    path = tmp_path / "Retail.OrderHistory.1.csv"
    path.write_bytes(EXPORT)

    with path.open("rb") as stream:
        rows = list(amazon.read(stream))
    purchases = [r for r in rows if isinstance(r, Purchase)]

    assert purchases == [
        Purchase(2, "Amazon", datetime(2023, 5, 14, 9, 12, 33, tzinfo=UTC), "EUR",
                 (Line('Câble USB-C, 2 m, tressé, "noir"', 1, 1299),
                  Line("Piles AA, lot de 4", 2, 450)),
                 merchant_order_id="405-1111111-1111111", channel="web"),
        Purchase(5, "Amazon", datetime(2023, 7, 2, 17, 45, 10, 500000, tzinfo=UTC), "EUR",
                 (Line("Carnet", 1, 899),), merchant_order_id="405-3333333-3333333",
                 channel="web"),
    ]


def test_cancelled_orders_and_items_are_left_and_counted():
    rows = read(EXPORT)

    assert [r for r in rows if isinstance(r, Left)] == [Left(4, "cancelled"), Left(6, "cancelled")]
    assert not [r for r in rows if isinstance(r, Bad)]


def test_auto_recognises_the_export():
    assert sniff.choose(sniff.sniff(io.BytesIO(EXPORT))).name == "amazon"


def test_a_placeholder_where_a_price_is_needed_is_a_bad_row():
    rows = read(export(item("405-4", "2023-05-14T09:12:33Z", NA, "1", "Cadeau")))

    assert [(b.line, b.column, b.code) for b in rows] == [(2, "Unit Price", "required")]


@pytest.mark.parametrize(("cell", "value", "code"), [
    (2, "14/05/2023", "date_not_in_form"), (5, "douze euros", "not_amount"),
    (14, "deux", "not_whole_number")])
def test_an_unreadable_cell_is_a_bad_row_naming_it(cell, value, code):
    row = item("405-5", "2023-05-14T09:12:33Z", "12.99", "1", "Stylo")
    row[cell] = value

    [bad] = read(export(row))

    assert (bad.line, bad.column, bad.value, bad.code) == (2, HEADER[cell], value, code)


def test_an_export_without_amazons_columns_is_refused_naming_them():
    out = io.StringIO()
    csv.writer(out).writerows([[c for c in HEADER if c != "Quantity"], ["x"] * 26])

    with pytest.raises(ValidationError) as caught:
        read(out.getvalue().encode())
    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("columns.quantity", "lacks the column Quantity")]
