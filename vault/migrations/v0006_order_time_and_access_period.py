"""Two details the consumer reads: whether an order's time of day is known, and the period
a brand's read covered.

A purchase typed with its date only keeps its noon as the moment (for sorting and
zones) but shows no time. An access-log event may say how many months a summary
covered ("read your totals … over 24 months").
"""

STEPS = [
    "alter table orders add column time_given integer not null default 1"
    " check (time_given in (0, 1))",
    "alter table access_log add column months integer check (months > 0)",
]
