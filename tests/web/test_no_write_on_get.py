"""No state changes on GET: every GET route, signed in, over a demo vault, leaves it as it was.

The only rows a GET may add are the access-log records of brand API calls:
every API access is logged, reads included (DESIGN.md).
"""

from __future__ import annotations

from collections import Counter

from flask import url_for

from tests.conftest import snapshot
from tests.web.oauth.helpers import ALL, authorize_path, bearer, pkce
from vault import intents, profile


def get_rules(app) -> list:
    """Every GET rule of the app."""
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods),
                  key=lambda r: r.rule)


def test_the_demo_vault_has_what_a_get_could_change(demo_vault):
    store = demo_vault.store
    assert store.value("select count(*) from offers where verdict = 'hold'") > 0
    assert store.value("select history_version > cached_version from agent_state")


def test_every_get_route_leaves_the_vault_as_it_was(app, owner, demo_vault):
    store, brand, token = demo_vault.store, demo_vault.brand, demo_vault.token
    ids = {"offer_id": demo_vault.offer_id, "intent_id": intents.all_intents(store)[0].id,
           "kind": "addresses", "record_id": profile.get(store).addresses[0].id,
           "order_id": store.value("select max(id) from orders"), "filename": "coffre.css"}
    before, last_event = snapshot(store), store.value("select max(id) from access_log")

    called = Counter()
    for rule in get_rules(app):
        with app.test_request_context():
            path = url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
        if rule.endpoint == "oauth.authorize":
            path = authorize_path(brand, scope=ALL, challenge=pkce()[1])
        api = path.startswith("/api/v1/")
        response = owner.get(path, headers=bearer(token) if api else {})
        assert response.status_code in ((200,) if api else (200, 302)), path
        if api:
            called[path] += 1

    logged = store.all("select endpoint, outcome from access_log where id > ?", (last_event,))
    assert Counter(r["endpoint"] for r in logged) == called
    assert {r["outcome"] for r in logged} == {"allowed"}
    after = snapshot(store)
    after["access_log"] = [r for r in after["access_log"] if r[0] <= last_event]
    assert after == before
