"""Loading a whole vault's export keeps memory flat whatever the file's size."""

from __future__ import annotations

import json
import tracemalloc

from tests.conftest import PASSPHRASE, TEST_COST
from tests.vault.exchange.conftest import NOW, export_of
from vault import demo, lifecycle
from vault.exchange import load


def export_file(path, template: dict, orders: int):
    """The export `template` with `orders` orders (one item each) in place of its own,
    written one row per line as Coffre writes it."""
    order, item = template["tables"]["orders"][0], template["tables"]["order_items"][0]
    head = {k: v for k, v in template.items() if k != "tables"}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "tables": {')
        for n, (name, rows) in enumerate(template["tables"].items()):
            out.write(f'{", " if n else ""}\n  {json.dumps(name)}: [')
            if name == "orders":
                rows = ({**order, "id": i, "merchant_order_id": f"CUL-{i:07d}"}
                        for i in range(1, orders + 1))
            elif name == "order_items":
                rows = ({**item, "id": i, "order_id": i} for i in range(1, orders + 1))
            out.write(",".join(f"\n   {json.dumps(row, ensure_ascii=False)}" for row in rows))
            out.write("\n  ]")
        out.write("\n }\n}\n")
    return path


def peak(path) -> tuple[int, int]:
    """The peak of memory allocated while loading the file into a new vault, and the orders
    it added."""
    store, _ = lifecycle.create(path.with_suffix(".vault"), PASSPHRASE, cost=TEST_COST)
    with path.open("rb") as stream:
        tracemalloc.start()
        try:
            added = load.load(store, stream)["orders"]
            return tracemalloc.get_traced_memory()[1], added
        finally:
            tracemalloc.stop()
            store.close()


def test_memory_stays_flat_from_1500_to_15000_orders(store, tmp_path):
    demo.populate(store, today=NOW.date(), orders_count=3)
    template = json.loads(export_of(store))
    small_file = export_file(tmp_path / "small.json", template, 1_500)
    large_file = export_file(tmp_path / "large.json", template, 15_000)

    peak(export_file(tmp_path / "warm.json", template, 100))  # caches aside
    small, small_count = peak(small_file)
    large, large_count = peak(large_file)

    assert (small_count, large_count) == (1_500, 15_000)
    assert large_file.stat().st_size > 9 * small_file.stat().st_size
    assert large < small * 1.2 + 64 * 1024, (small, large)
