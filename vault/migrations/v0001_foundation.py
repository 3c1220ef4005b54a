"""The consumer's own records: profile, purchases, preferences, intents, settings.

Every record keeps its provenance: `source` is 'manual', 'import' or 'brand';
`source_ref` names the import file or the brand; `added_at` is UTC ISO 8601.
Money is integer minor units beside an ISO 4217 code.
"""

_PROVENANCE = """
    source text not null check (source in ('manual', 'import', 'brand', 'demo')),
    source_ref text,
    added_at text not null"""

STEPS = [
    """create table schema_migrations (
        version integer primary key, name text not null, applied_at text not null)""",
    """create table vault_identity (
        id integer primary key check (id = 1),
        signing_seed blob not null,
        created_at text not null)""",
    """create table settings (key text primary key, value text not null)""",
    f"""create table profile (
        id integer primary key check (id = 1),
        given_name text, family_name text, birth_date text, gender text,
        profession text, income_band text, language text,{_PROVENANCE})""",
    f"""create table profile_emails (
        id integer primary key, address text not null unique collate nocase,
        label text, is_primary integer not null default 0,{_PROVENANCE})""",
    f"""create table profile_phones (
        id integer primary key, number text not null unique, label text,{_PROVENANCE})""",
    f"""create table profile_addresses (
        id integer primary key, label text, line1 text not null, line2 text,
        postcode text, city text not null, region text, country text not null,{_PROVENANCE})""",
    f"""create table merchant_ids (
        id integer primary key, merchant text not null, kind text not null,
        value text not null,{_PROVENANCE},
        unique (merchant, kind, value))""",
    f"""create table orders (
        id integer primary key,
        merchant text not null,
        merchant_order_id text,
        ordered_at text not null,
        tz text not null,
        local_day text not null,
        channel text not null check (channel in ('store', 'web', 'app', 'phone', 'mail')),
        currency text not null,
        total_minor integer not null default 0,{_PROVENANCE})""",
    "create index orders_by_time on orders (ordered_at desc)",
    "create index orders_by_merchant on orders (merchant, ordered_at desc)",
    # Covering indexes for the insights (spend per month, per shop), read without the table.
    "create index orders_by_day on orders (local_day, currency, total_minor)",
    "create index orders_for_rfm on orders (merchant, currency, local_day, total_minor)",
    "create index orders_by_currency on orders (currency)",
    "create unique index orders_merchant_ref on orders (merchant, merchant_order_id)"
    " where merchant_order_id is not null",
    """create table order_items (
        id integer primary key,
        order_id integer not null references orders (id) on delete cascade,
        name text not null, brand text, category text not null,
        quantity integer not null check (quantity > 0),
        unit_price_minor integer not null check (unit_price_minor >= 0))""",
    "create index order_items_by_order on order_items (order_id)",
    # Covers the category filter and the spend per category without reading the table.
    "create index order_items_by_category on order_items"
    " (category, order_id, quantity, unit_price_minor)",
    f"""create table interests (
        category text primary key, weight integer not null,{_PROVENANCE})""",
    f"""create table blocked (
        kind text not null check (kind in ('brand', 'category')), value text not null
        collate nocase,{_PROVENANCE}, primary key (kind, value))""",
    """create table channels (
        channel text primary key check (channel in ('email', 'sms', 'post', 'app')),
        rank integer not null)""",
    f"""create table price_ceilings (
        category text primary key, amount_minor integer not null, currency text not null,
        {_PROVENANCE.strip()})""",
    """create table pressure (
        id integer primary key check (id = 1),
        per_brand_weekly integer, overall_weekly integer,
        quiet_start text, quiet_end text,
        min_reward_minor integer, min_reward_currency text)""",
    f"""create table intents (
        id integer primary key, category text not null, description text not null,
        budget_minor integer, currency text, place text, expires_on text,
        status text not null check (status in ('open', 'closed')),
        opened_at text not null, closed_at text,{_PROVENANCE})""",
    "create index intents_by_status on intents (status, expires_on)",
]
