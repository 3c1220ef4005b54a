"""Categories on the consumer's pages: pick-lists and labels in their language, re-filing."""

from __future__ import annotations

import re

from tests.web.helpers import selected, text
from tests.web.ui.helpers import order
from tests.web.ui.test_purchases import form_data
from vault import intents, purchases

FR = {"Accept-Language": "fr"}


def optgroups(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]* name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'<optgroup label="([^"]+)">', select[1])


def test_the_purchase_form_offers_every_category_grouped_in_french(owner):
    page = text(owner.get("/purchases/new", headers=FR))
    groups = optgroups(page, "items-0-category")
    assert groups[0] == "Alimentation et boissons" and "Loisirs, sport et culture" in groups
    books = re.search(r'<option ([^>]*)value="09.7.1"[^>]*>\u00a0\u00a0Livres</option>', page)
    assert books and "Books" in books[1] and "bande dessinée" in books[1]  # the filter's words
    assert 'list="categories"' not in page  # no free-text box: a pick-list


def test_a_purchase_saved_with_a_picked_code_shows_its_label_in_each_language(owner, store_of):
    response = owner.post("/purchases/new", data=form_data(**{
        "items-0-name": "Roman", "items-0-category": "09.7.1", "items-0-unit_price": "9"}))
    saved = purchases.get(store_of, int(response.location.rsplit("/", 1)[1]))
    assert saved.items[0].category == "09.7.1"
    assert "<td>Books" in text(owner.get(response.location))
    assert "<td>Livres" in text(owner.get(response.location, headers=FR))


def test_an_item_is_refiled_from_its_purchase_page(owner, store_of):
    order_id = purchases.add(store_of, order(category="livres"))
    page = text(owner.get(f"/purchases/{order_id}", headers=FR))
    assert selected(page, "item0-category") == ["Livres"] and "Reclasser" in page

    response = owner.post(f"/purchases/{order_id}/items/0/category",
                          data={"item0-category": "07.3.3"}, headers=FR)
    assert response.status_code == 303
    assert purchases.get(store_of, order_id).items[0].category == "07.3.3"
    assert "« Roman » est désormais classé dans Vols." in text(owner.get(
        response.location, headers=FR))


def test_refiling_needs_a_category_and_a_real_item(owner, store_of):
    order_id = purchases.add(store_of, order())
    blank = owner.post(f"/purchases/{order_id}/items/0/category", data={"item0-category": ""})
    assert blank.status_code == 422 and "Choose a category." in text(blank)
    assert purchases.get(store_of, order_id).items[0].category == "09.7.1"
    missing = owner.post(f"/purchases/{order_id}/items/3/category",
                         data={"item3-category": "01"})
    assert missing.status_code == 404


def test_home_lists_each_unknown_word_once_until_it_is_sorted(owner, store_of):
    purchases.add(store_of, order(category="cerf-volant"))
    purchases.add(store_of, order(category="Cerfs-Volants", day=15))
    home = text(owner.get("/", headers=FR))
    assert "Catégories à trier" in home
    assert len(re.findall(r'href="/purchases/other/[^"]*">autre : [Cc]erf', home)) == 1

    link = re.search(r'href="(/purchases/other/[^"]*)"', home)[1]
    assert "2 achats concernés" in text(owner.get(link, headers=FR))
    moved = owner.post(link, data={"category": "09.2.1"}, headers=FR)
    assert moved.status_code == 303
    assert [o.items[0].category for o in purchases.search(store_of)[0]] == ["09.2.1"] * 2
    assert "Catégories à trier" not in text(owner.get("/", headers=FR))
    assert "Your own words" not in text(owner.get("/purchases"))


def test_sorting_an_unknown_word_under_itself_is_refused(owner, store_of):
    purchases.add(store_of, order(category="cerf-volant"))
    response = owner.post("/purchases/other/cerf-volant", data={"category": "other:cerf-volant"})
    assert response.status_code == 422 and "Choose a category." in text(response)


def test_the_purchases_filter_takes_a_category_and_those_under_it(owner, store_of):
    purchases.add_many(store_of, [order(category="train"), order(category="avion", day=2),
                                  order(category="books", day=3)])
    page = text(owner.get("/purchases?category=07.3", headers=FR))
    assert page.count('<td class="c-date">') == 2
    assert selected(page, "category") == ["Voyages"]


def test_preferences_and_intents_pick_from_the_list_in_french(owner, store_of):
    assert "Alimentation et boissons" in optgroups(
        text(owner.get("/preferences", headers=FR)), "blocked_categories")
    owner.post("/intents", data={"description": "Un week-end à Lisbonne", "category": "07.3",
                                 "currency": "EUR"})
    listed = text(owner.get("/intents", headers=FR))
    assert "Voyages" in listed and intents.all_intents(store_of)[0].category == "07.3"
