"""Offers and the agent's decisions, and the agent's cache of purchase-history affinity.

`offers` keeps each offer as received (canonical JSON), the agent's latest
verdict with its reasons, when it was delivered (what the weekly caps count),
and what the consumer did with it. Brands are named by text, with the ids of
the brand and grant it came under when it came through the API (no foreign
keys: a brand's record may be deleted while its offers stay in the history).

`agent_state.history_version` grows with every change to the purchase history
(triggers below); the cached per-category figures in `category_history` are
recomputed only when their version falls behind.
"""

_BUMP = "update agent_state set history_version = history_version + 1 where id = 1"

STEPS = [
    """create table offers (
        id integer primary key,
        brand_name text not null,
        brand_id integer,
        grant_id integer,
        title text not null,
        category text not null,
        channel text not null check (channel in ('email', 'sms', 'post', 'app')),
        payload text not null,
        signature text not null check (signature in ('none', 'valid', 'invalid', 'unchecked')),
        source text not null check (source in ('brand', 'import')),
        source_ref text,
        received_at text not null,
        verdict text not null check (verdict in ('deliver', 'hold', 'decline')),
        score integer not null,
        reasons text not null,
        decided_at text not null,
        delivered_at text,
        opened_at text,
        action text check (action in ('accepted', 'dismissed')),
        action_at text)""",
    "create index offers_by_verdict on offers (verdict, score desc, received_at desc)",
    "create index offers_by_delivery on offers (delivered_at) where delivered_at is not null",
    "create index offers_by_brand on offers (brand_id, id)",
    """create table agent_state (
        id integer primary key check (id = 1),
        history_version integer not null,
        cached_version integer not null)""",
    "insert into agent_state (id, history_version, cached_version) values (1, 1, 0)",
    """create table category_history (
        category text primary key, last_day text not null,
        orders integer not null, minor integer not null)""",
    *(f"create trigger {table}_{event}_history after {event} on {table}"
      f" begin {_BUMP}; end"
      for table in ("orders", "order_items") for event in ("insert", "update", "delete")),
]
