"""`coffre merchants …`: the same corrections as the Your shops page, from a terminal."""

from __future__ import annotations

from tests.web.cli.helpers import coffre, opened
from tests.web.ui.helpers import order
from vault import merchants, purchases


def _fill(folder):
    with opened(folder) as store:
        purchases.add_many(store, [order("CB DECATHLON 24/11"), order("Librairie Mollat"),
                                   order("Mollat.com")])


def _shop(folder, name):
    with opened(folder) as store:
        return merchants.find(store, name)


def test_list_shows_each_shop_with_its_spellings(vault_folder):
    _fill(vault_folder)
    result = coffre(vault_folder, "merchants", "list")
    assert result.exit_code == 0, result.output
    assert "Decathlon — Sports" in result.output or "Decathlon — " in result.output
    assert "spelling" in result.output and "Librairie Mollat (1)" in result.output


def test_merge_then_split_puts_the_purchases_back(vault_folder):
    _fill(vault_folder)
    merged = coffre(vault_folder, "merchants", "merge", "Mollat", "Librairie Mollat")
    assert merged.exit_code == 0, merged.output
    assert "Librairie Mollat is now part of Mollat: 1 purchase(s) moved" in merged.output
    assert _shop(vault_folder, "Librairie Mollat") is None
    spelling = next(s.id for s in _shop(vault_folder, "Mollat").spellings
                    if s.spelling == "Librairie Mollat")

    split = coffre(vault_folder, "merchants", "split", str(spelling), "--name", "Mollat Bordeaux")

    assert split.exit_code == 0, split.output
    assert _shop(vault_folder, "Mollat Bordeaux").orders == 1
    assert _shop(vault_folder, "Mollat").orders == 1


def test_rename_and_category(vault_folder):
    _fill(vault_folder)
    decathlon = _shop(vault_folder, "Decathlon")
    assert coffre(vault_folder, "merchants", "rename", str(decathlon.id),
                  "Decathlon Vénissieux").exit_code == 0
    chosen = coffre(vault_folder, "merchants", "category", "Decathlon Vénissieux", "vélos")
    assert chosen.exit_code == 0, chosen.output
    after = _shop(vault_folder, "Decathlon Vénissieux")
    assert after.category == "07.1.3" and after.category_chosen


def test_bad_input_is_a_clean_error_and_changes_nothing(vault_folder):
    _fill(vault_folder)
    missing = coffre(vault_folder, "merchants", "rename", "Nowhere", "X")
    assert missing.exit_code == 1 and "no shop Nowhere" in missing.output
    taken = coffre(vault_folder, "merchants", "rename", "Decathlon", "MOLLAT")
    assert taken.exit_code == 1 and "merge the two instead" in taken.output
    same = coffre(vault_folder, "merchants", "merge", "Mollat", "Mollat")
    assert same.exit_code == 1 and "Traceback" not in same.output
    assert _shop(vault_folder, "Decathlon") is not None
