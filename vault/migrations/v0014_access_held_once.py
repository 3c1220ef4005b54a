"""What an access event's answer held is stored once for all the events that sent the same.

A brand reading the same page again (a kept answer, web/answers.py) left the same
kilobyte of `fields` and `held` in every row: four fifths of the row, and of the
cost of writing it (the rows, the pages the fold's commit encrypts). Each distinct
pair is now a row of `access_held`, found by its SHA-256 (vault.held), named by the
event (`access_log.held_id`; null: the answer held nothing, as a refusal). The view
`access_events` puts an event back together as it was, and its leaf in the
transparency log is made of that whole, as before: the log's leaves do not change.

The table is rebuilt (the two columns cannot be dropped and the new one made a
reference otherwise), its ids kept, and its indexes made ascending: SQLite reads
them backwards for "newest first" as well, and an insert at the end of an ascending
index costs less than one at the start of a descending one.
"""

from __future__ import annotations

from typing import Any

from vault import held

_KEPT = ("id, at, brand_id, brand_name, grant_id, method, endpoint, scope, outcome, reason,"
         " records, months, seq")


def _move(conn: Any) -> None:
    conn.create_function("coffre_held_digest", 2, held.digest_of, deterministic=True)
    conn.execute("insert or ignore into access_held (digest, fields, held)"
                 " select coffre_held_digest(fields, held), fields, held from access_log"
                 " where fields != '[]' or held is not null order by id")
    conn.execute(f"insert into access_log_new ({_KEPT}, held_id, body_sha256)"  # noqa: S608
                 f" select {_KEPT}, (select h.id from access_held h"
                 "  where h.digest = coffre_held_digest(l.fields, l.held)), body_sha256"
                 " from access_log l order by id")


STEPS = [
    """create table access_held (
        id integer primary key,
        digest blob not null unique,
        fields text not null,
        held text)""",
    """create table access_log_new (
        id integer primary key,
        at text not null,
        brand_id integer references brands (id),
        brand_name text,
        grant_id integer,
        method text not null,
        endpoint text not null,
        scope text,
        outcome text not null check (outcome in ('allowed', 'refused')),
        reason text,
        records integer not null default 0,
        months integer,
        seq integer,
        held_id integer references access_held (id),
        body_sha256 text)""",
    _move,
    "drop table access_log",
    "alter table access_log_new rename to access_log",
    "create index access_log_by_time on access_log (at, id)",
    "create index access_log_by_brand on access_log (brand_id, at)",
    """create view access_events as
        select l.id, l.at, l.brand_id, l.brand_name, l.grant_id, l.method, l.endpoint,
               l.scope, l.outcome, l.reason, l.records, coalesce(h.fields, '[]') as fields,
               l.months, l.seq, h.held, l.body_sha256
        from access_log l left join access_held h on h.id = l.held_id""",
]
