"""Orders indexed newest first, ties too: the order every page of orders is read in.

`order by ordered_at desc, id desc` (the brand API's pages, the purchases page)
used the index on the time alone and sorted each run of equal times again; this
one holds both, so a page is read straight off it (the brand API's hot path).
"""

STEPS = [
    "drop index orders_by_time",
    "create index orders_by_time on orders (ordered_at desc, id desc)",
]
