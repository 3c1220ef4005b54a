"""Brands, initial access tokens, grants (versioned), codes, tokens and the access log.

Secrets never appear here: invitation tokens, client secrets, authorization
codes and access/refresh tokens are kept as SHA-256 digests of random values.
A grant is never edited: each change appends a version, the last one counts.
Times are UTC ISO 8601 text, as everywhere in the vault.
"""

STEPS = [
    """create table brands (
        id integer primary key,
        client_id text not null unique,
        secret_hash blob,
        name text not null,
        website text, logo_uri text, purpose text,
        contacts text not null default '[]',
        redirect_uris text not null,
        scopes text not null,
        grant_types text not null,
        auth_method text not null
            check (auth_method in ('none', 'client_secret_basic', 'client_secret_post')),
        jwks text,
        public_key blob check (public_key is null or length(public_key) = 32),
        source text not null check (source in ('registered', 'manual')),
        created_at text not null,
        blocked_at text,
        check ((auth_method = 'none') = (secret_hash is null)))""",
    """create table invitations (
        id integer primary key,
        token_hash blob not null unique,
        note text,
        created_at text not null,
        expires_at text not null,
        used_at text,
        brand_id integer references brands (id))""",
    """create table grants (
        id integer primary key,
        brand_id integer not null references brands (id),
        created_at text not null)""",
    "create index grants_by_brand on grants (brand_id)",
    """create table grant_versions (
        id integer primary key,
        grant_id integer not null references grants (id),
        version integer not null,
        status text not null check (status in ('active', 'paused', 'revoked')),
        scopes text not null,
        purpose text,
        expires_at text,
        change text not null,
        reason text,
        changed_at text not null,
        receipt blob not null,
        unique (grant_id, version))""",
    # Versions are history: the database itself refuses to rewrite or drop one.
    """create trigger grant_versions_append_only before update on grant_versions
        begin select raise(abort, 'grant versions are never edited'); end""",
    """create trigger grant_versions_never_deleted before delete on grant_versions
        begin select raise(abort, 'grant versions are never deleted'); end""",
    """create table auth_codes (
        id integer primary key,
        code_hash blob not null unique,
        brand_id integer not null references brands (id),
        grant_id integer not null references grants (id),
        redirect_uri text not null,
        scopes text not null,
        challenge text not null,
        challenge_method text not null check (challenge_method = 'S256'),
        created_at text not null,
        expires_at text not null,
        used_at text)""",
    """create table tokens (
        id integer primary key,
        token_hash blob not null unique,
        kind text not null check (kind in ('access', 'refresh')),
        brand_id integer not null references brands (id),
        grant_id integer not null references grants (id),
        family integer not null references auth_codes (id),
        scopes text not null,
        issued_at text not null,
        expires_at text not null,
        used_at text,
        revoked_at text,
        revoked_reason text)""",
    "create index tokens_by_grant on tokens (grant_id)",
    "create index tokens_by_family on tokens (family)",
    """create table access_log (
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
        fields text not null default '[]')""",
    "create index access_log_by_time on access_log (at desc, id desc)",
    "create index access_log_by_brand on access_log (brand_id, at desc)",
]
