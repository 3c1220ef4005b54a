"""Whether an order's time of day is known: a purchase typed with its date only keeps
its noon as the moment (for sorting and zones) but shows no time."""

STEPS = [
    "alter table orders add column time_given integer not null default 1"
    " check (time_given in (0, 1))",
]
