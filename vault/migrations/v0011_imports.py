"""Import records, the orders each import added, and refunds.

Every import of an outside file is a record: the file's name and SHA-256, its format and
recipe, what became of its lines, and when. An order an import added keeps the record's
id (`import_id`, its provenance, so the import can be undone as a whole) and the key that
recognises it when the same line comes again (`import_key`: the source's own id of the
line, or its content and position among identical lines). A refund is an order whose
total is negative (its items keep their positive prices): sums over `total_minor` net it
out, and `orders_refunds` finds the few there are without reading the table.
"""

STEPS = [
    """create table imports (
        id integer primary key,
        file_name text not null,
        sha256 text not null,
        format text not null,
        recipe text,
        added integer not null default 0 check (added >= 0),
        present integer not null default 0 check (present >= 0),
        not_purchase integer not null default 0 check (not_purchase >= 0),
        left_out integer not null default 0 check (left_out >= 0),
        invalid integer not null default 0 check (invalid >= 0),
        imported_at text not null)""",
    "alter table orders add column import_id integer references imports (id)",
    "alter table orders add column import_key blob",
    "create unique index orders_import_key on orders (import_key) where import_key is not null",
    "create index orders_by_import on orders (import_id) where import_id is not null",
    "create index orders_refunds on orders (id) where total_minor < 0",
]
