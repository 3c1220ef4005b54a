"""Purchases: the table, search, filters, pages; add, change, delete an order."""

from __future__ import annotations

import re

import pytest

from tests.web.helpers import text
from tests.web.ui.helpers import error_beside, order
from vault import purchases
from vault.purchases import Filters


def rows(response) -> int:
    return len(re.findall(r'<td class="c-date">', text(response)))


def test_empty_purchases_page_teaches(owner):
    page = text(owner.get("/purchases"))
    assert "No purchases yet" in page
    assert 'href="/purchases/new"' in page and 'href="/purchases/imports/new"' in page


def test_table_filters_and_search(owner, store_of):
    purchases.add_many(store_of, [order("Fnac", day=1), order("Decathlon", day=2,
                                                              category="sport"),
                                  order("Fnac", day=3, month=4)])

    assert rows(owner.get("/purchases")) == 3
    assert rows(owner.get("/purchases?merchant=Fnac")) == 2
    assert rows(owner.get("/purchases?category=sport")) == 1
    assert rows(owner.get("/purchases?since=2025-04-01")) == 1
    assert rows(owner.get("/purchases?until=2025-03-31&q=decath")) == 1
    none = owner.get("/purchases?q=nothing-like-this")
    assert rows(none) == 0 and "No purchase matches" in text(none)


def test_bad_dates_are_shown_and_ignored(owner, store_of):
    purchases.add(store_of, order())
    response = owner.get("/purchases?since=2025-05-01&until=2025-01-01")
    assert response.status_code == 422
    assert "on or after the start" in error_beside(response, "until")
    assert rows(response) == 1


def test_pages_go_older_and_newer(owner, store_of):
    purchases.add_many(store_of, [order(day=1 + n % 28, month=1 + n // 28) for n in range(120)])

    first = owner.get("/purchases")
    assert rows(first) == 50 and "120 purchases" in text(first)
    older = re.search(r'href="(/purchases\?older=[^"]+)"', text(first))[1].replace("&amp;", "&")
    second = owner.get(older)
    assert rows(second) == 50
    newer = re.search(r'href="(/purchases\?newer=[^"]+)"', text(second))[1].replace("&amp;", "&")
    back = owner.get(newer)
    assert re.findall(r'/purchases/(\d+)"', text(back)) == re.findall(r'/purchases/(\d+)"',
                                                                       text(first))
    assert 'rel="prev"' not in text(back)


def form_data(**extra) -> dict:
    data = {"merchant": "Fnac", "merchant_order_id": "", "day": "2025-03-14", "time": "10:30",
            "tz": "Europe/Paris", "channel": "web", "currency": "EUR", "save": "1"}
    for n in range(3):
        data.update({f"items-{n}-name": "", f"items-{n}-brand": "", f"items-{n}-category": "",
                     f"items-{n}-quantity": "1", f"items-{n}-unit_price": ""})
    data.update(extra)
    return data


def test_add_an_order_with_items_empty_rows_ignored(owner, store_of):
    response = owner.post("/purchases/new", data=form_data(**{
        "items-0-name": "Roman", "items-0-category": "books", "items-0-unit_price": "21,50",
        "items-2-name": "BD", "items-2-category": "books", "items-2-quantity": "2",
        "items-2-unit_price": "12"}))

    assert response.status_code == 302
    saved = purchases.get(store_of, int(response.location.rsplit("/", 1)[1]))
    assert [(i.name, i.quantity, i.unit_price_minor) for i in saved.items] == [
        ("Roman", 1, 2150), ("BD", 2, 1200)]
    assert saved.total_minor == 4550
    assert "Purchase at Fnac" in text(owner.get(response.location))


def test_add_another_row_keeps_what_was_typed(owner, store_of):
    response = owner.post("/purchases/new", data=form_data(**{
        "items-0-name": "Roman", "add_row": "1", "save": ""}))

    assert response.status_code == 200
    assert 'name="items-3-name"' in text(response)
    assert 'value="Roman"' in text(response)
    assert purchases.count(store_of) == 0


def test_bad_order_errors_land_on_the_right_row(owner, store_of):
    response = owner.post("/purchases/new", data=form_data(**{
        "merchant": "", "items-0-name": "Roman", "items-0-category": "books",
        "items-0-unit_price": "3", "items-2-name": "BD", "items-2-category": "books",
        "items-2-quantity": "0", "items-2-unit_price": "abc"}))

    assert response.status_code == 422
    assert error_beside(response, "merchant") == "This is required."
    assert "1 or more" in error_beside(response, "items-2-quantity")
    assert "not an amount" in error_beside(response, "items-2-unit_price")
    assert not error_beside(response, "items-0-unit_price")
    assert 'value="BD"' in text(response)
    assert purchases.count(store_of) == 0


def test_the_vault_s_reasons_read_in_french(owner, store_of):
    owner.post("/language", data={"language": "fr", "next": "/purchases"})
    response = owner.post("/purchases/new", data=form_data(**{
        "merchant": "", "day": "2999-01-01", "items-0-name": "Roman",
        "items-0-category": "books", "items-0-unit_price": "3", "items-0-quantity": "0"}))

    assert response.status_code == 422
    assert error_beside(response, "merchant") == "Ce champ est obligatoire."
    assert error_beside(response, "day") == "Indiquez une date entre 1970 et aujourd’hui."
    assert error_beside(response, "items-0-quantity") == "Indiquez 1 ou plus."
    assert purchases.count(store_of) == 0


@pytest.mark.parametrize(("extra", "field", "reason"), [
    ({"day": "14/03/2025"}, "day", "not a date"),
    ({"time": "25:99"}, "time", "not a time"),
    ({"day": "2999-01-01"}, "day", "between 1970 and today"),
    ({"tz": "Mars/Olympus"}, "tz", "time zone"),
    ({}, "items-0-name", "at least one item"),
])
def test_bad_order_fields(owner, store_of, extra, field, reason):
    response = owner.post("/purchases/new", data=form_data(**extra))
    assert response.status_code == 422
    assert reason in error_beside(response, field)
    assert purchases.count(store_of) == 0


def test_duplicate_order_number_is_refused(owner, store_of):
    purchases.add(store_of, order(ref="F-1"))
    response = owner.post("/purchases/new", data=form_data(**{
        "merchant_order_id": "F-1", "items-0-name": "X", "items-0-category": "books",
        "items-0-unit_price": "1"}))
    assert response.status_code == 422
    assert "order number" in error_beside(response, "merchant_order_id")
    assert purchases.count(store_of) == 1


def test_edit_an_order(owner, store_of):
    order_id = purchases.add(store_of, order())
    page = text(owner.get(f"/purchases/{order_id}/edit"))
    assert 'value="Roman"' in page and 'value="12.50"' in page and 'value="2025-03-14"' in page

    response = owner.post(f"/purchases/{order_id}/edit", data=form_data(**{
        "merchant": "Gibert", "items-0-name": "Essai", "items-0-category": "books",
        "items-0-unit_price": "8"}))

    assert response.status_code == 302
    changed = purchases.get(store_of, order_id)
    assert (changed.merchant, changed.items[0].name, changed.total_minor) == ("Gibert", "Essai",
                                                                              800)


def test_delete_asks_then_deletes(owner, store_of):
    order_id = purchases.add(store_of, order())
    confirm = owner.get(f"/purchases/{order_id}/delete")
    assert "Delete this purchase?" in text(confirm)
    assert purchases.count(store_of) == 1

    owner.post(f"/purchases/{order_id}/delete")

    assert purchases.count(store_of) == 0
    assert owner.get(f"/purchases/{order_id}").status_code == 404


def test_pages_before_and_count_agree_with_after(store_of):
    purchases.add_many(store_of, [order(day=d) for d in range(1, 11)])
    newest = purchases.after(store_of, Filters(), cursor=None, limit=10)
    middle = (newest[5].ordered_at.strftime("%Y-%m-%dT%H:%M:%SZ"), newest[5].id)

    nearer = purchases.before(store_of, Filters(), cursor=middle, limit=3)

    assert [o.id for o in nearer] == [o.id for o in reversed(newest[2:5])]
    assert purchases.count(store_of, Filters(merchant="Fnac")) == 10


BOOK = {"items-0-name": "Roman", "items-0-category": "books", "items-0-unit_price": "3"}


def test_the_item_form_says_what_each_row_needs(owner):
    page = text(owner.get("/purchases/new"))

    assert "Brand (optional)" in page
    assert "product, its category and its unit price" in page
    assert re.search(r'<select aria-required="true" data-category-list="[^"]*" '
                     r'id="items-0-category"', page)


def test_an_order_without_a_time_shows_no_time(owner, store_of):
    response = owner.post("/purchases/new", data=form_data(time="", **BOOK))
    assert response.status_code == 302

    detail = text(owner.get(response.location))
    edit = text(owner.get(response.location + "/edit"))

    assert "Mar 14, 2025" in detail and "12:00" not in detail
    assert re.search(r'<input id="time" name="time" type="time" value="">', edit)


def test_an_order_with_a_time_keeps_it(owner, store_of):
    response = owner.post("/purchases/new", data=form_data(time="12:00", **BOOK))

    assert "12:00" in text(owner.get(response.location))
    assert 'value="12:00"' in text(owner.get(response.location + "/edit"))


@pytest.mark.parametrize("code", ["XYZ", "EU1"])
def test_a_currency_must_be_an_iso_4217_code(owner, store_of, code):
    response = owner.post("/purchases/new", data=form_data(currency=code, **BOOK))

    assert response.status_code == 422
    assert "currency code such as EUR" in error_beside(response, "currency")
    assert purchases.count(store_of) == 0


def test_every_problem_of_an_order_is_reported_at_once(owner, store_of):
    response = owner.post("/purchases/new", data=form_data(
        day="14/03/2025", tz="Mars/Olympus", currency="XYZ", merchant="",
        **{**BOOK, "items-0-category": ""}))

    assert response.status_code == 422
    for field in ("merchant", "day", "tz", "currency", "items-0-category"):
        assert error_beside(response, field), field


def test_a_duplicate_order_number_is_reported_with_the_other_problems(owner, store_of):
    purchases.add(store_of, order(ref="F-1"))

    response = owner.post("/purchases/new", data=form_data(
        merchant_order_id="F-1", day="14/03/2025", **BOOK))

    assert response.status_code == 422
    assert "order number" in error_beside(response, "merchant_order_id")
    assert "not a date" in error_beside(response, "day")
    assert purchases.count(store_of) == 1


def test_an_order_keeps_its_own_number_when_changed(owner, store_of):
    order_id = purchases.add(store_of, order(ref="F-1"))

    response = owner.post(f"/purchases/{order_id}/edit", data=form_data(
        merchant_order_id="F-1", day="14/03/2025", **BOOK))

    assert not error_beside(response, "merchant_order_id")
