"""Your shops: spellings and counts; merge and split (asked first), rename, category."""

from __future__ import annotations

from tests.web.helpers import text
from tests.web.ui.helpers import error_beside, order
from tests.web.ui.test_import_own_files import GOOD_ORDER, doc, imported
from tests.web.ui.test_purchases import form_data
from vault import merchants, purchases

FR = {"Accept-Language": "fr"}


def fill(store):
    purchases.add_many(store, [order("CB FNAC BELLECOUR 24/11", day=1),
                               order("FNAC BELLECOUR 02/12", day=2),
                               order("Librairie Mollat", day=3), order("Mollat.com", day=4)])


def shop(store, name):
    found = merchants.find(store, name)
    assert found is not None, name
    return found


def test_the_list_shows_each_shop_with_its_spellings_counts_and_category(owner, store_of):
    fill(store_of)
    merchants.merge(store_of, shop(store_of, "Mollat").id, shop(store_of, "Librairie Mollat").id)
    page = text(owner.get("/purchases/shops"))
    assert "Your shops" in page
    assert '<span class="spelling">Librairie Mollat</span>, <span class="spelling">Mollat' in page
    assert "Books" in page  # Mollat's category, from the spelling merged into it
    fnac = shop(store_of, "Fnac")
    assert fnac.orders == 2 and f'href="/purchases/shops/{fnac.id}"' in page
    assert 'href="/purchases/shops"' in text(owner.get("/purchases"))


def test_an_empty_list_says_what_will_appear(owner):
    assert "No shops yet" in text(owner.get("/purchases/shops"))
    assert "Aucune boutique" in text(owner.get("/purchases/shops", headers=FR))


def test_merging_asks_first_then_moves_the_purchases(owner, store_of):
    fill(store_of)
    keep, other = shop(store_of, "Mollat"), shop(store_of, "Librairie Mollat")

    asked = owner.post(f"/purchases/shops/{keep.id}/merge", data={"other": other.id})

    assert asked.status_code == 200 and "Are you sure?" in text(asked)
    assert "1 purchase become part of Mollat" in text(asked)
    assert merchants.find(store_of, "Librairie Mollat") is not None  # nothing moved yet
    done = owner.post(f"/purchases/shops/{keep.id}/merge",
                      data={"other": other.id, "confirmed": "yes"})
    assert done.status_code == 303
    assert merchants.find(store_of, "Librairie Mollat") is None
    assert shop(store_of, "Mollat").orders == 2
    assert "is now part of Mollat" in text(owner.get(done.headers["Location"]))


def test_merging_without_a_choice_says_so_beside_the_field(owner, store_of):
    fill(store_of)
    keep = shop(store_of, "Mollat")
    response = owner.post(f"/purchases/shops/{keep.id}/merge", data={"other": ""})
    assert response.status_code == 422
    assert error_beside(response, "other") == "Choose the other shop."
    assert shop(store_of, "Mollat").orders == 1


def test_splitting_a_spelling_off_asks_then_puts_its_purchases_back(owner, store_of):
    fill(store_of)
    keep, other = shop(store_of, "Mollat"), shop(store_of, "Librairie Mollat")
    merchants.merge(store_of, keep.id, other.id)
    spelling = next(s for s in shop(store_of, "Mollat").spellings
                    if s.spelling == "Librairie Mollat")
    path = f"/purchases/shops/spellings/{spelling.id}/split"

    asked = owner.post(path, headers=FR)
    assert "Vous confirmez ?" in text(asked)
    assert "quitte Mollat et devient une boutique à part entière" in text(asked)
    done = owner.post(path, data={"confirmed": "yes"})

    assert done.status_code == 303
    assert shop(store_of, "Librairie Mollat").orders == 1 and shop(store_of, "Mollat").orders == 1


def test_renaming_and_choosing_a_category(owner, store_of):
    fill(store_of)
    fnac = shop(store_of, "Fnac")

    renamed = owner.post(f"/purchases/shops/{fnac.id}/name", data={"name": "Fnac Bellecour"})
    chosen = owner.post(f"/purchases/shops/{fnac.id}/category", data={"category": "09.7.1"})

    assert renamed.status_code == chosen.status_code == 303
    after = merchants.get(store_of, fnac.id)
    assert after.name == "Fnac Bellecour" and after.category == "09.7.1" and after.category_chosen
    assert {o.merchant for o in purchases.search(store_of)[0] if o.merchant.startswith("Fnac")} \
        == {"Fnac Bellecour"}


def test_a_name_another_shop_has_is_refused_beside_the_field(owner, store_of):
    fill(store_of)
    fnac = shop(store_of, "Fnac")
    response = owner.post(f"/purchases/shops/{fnac.id}/name", data={"name": "MOLLAT"})
    assert response.status_code == 422
    assert "merge the two instead" in error_beside(response, "name")
    french = owner.post(f"/purchases/shops/{fnac.id}/name", data={"name": ""}, headers=FR)
    assert french.status_code == 422 and error_beside(french, "name")
    assert shop(store_of, "Fnac").name == "Fnac"


def test_an_order_shows_how_its_shop_was_written(owner, store_of):
    fill(store_of)
    order_id = next(o.id for o in purchases.search(store_of)[0]
                    if o.merchant_written == "CB FNAC BELLECOUR 24/11")
    page = text(owner.get(f"/purchases/{order_id}"))
    assert "CB FNAC BELLECOUR 24/11" in page and 'href="/purchases/shops"' in page


def test_typed_and_uploaded_purchases_are_filed_under_the_same_shop(app, owner, store_of):
    typed = owner.post("/purchases/new", data=form_data(**{
        "merchant": "FNAC LYON", "items-0-name": "BD", "items-0-category": "books",
        "items-0-unit_price": "12"}))
    uploaded, _ = imported(owner, app, "orders.json", doc({**GOOD_ORDER, "merchant": "fnac.com"}))
    again, _ = imported(owner, app, "again.json", doc({**GOOD_ORDER, "merchant": "FNAC"}))

    assert typed.status_code == 302 and uploaded.report.counts.added == 1
    # The same order number at the same shop, however written, is already there.
    assert (again.report.counts.added, again.report.counts.present) == (0, 1)
    assert shop(store_of, "Fnac").orders == 2
    assert {o.merchant for o in purchases.search(store_of)[0]} == {"Fnac"}
