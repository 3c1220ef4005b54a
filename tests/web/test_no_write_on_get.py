"""No state changes on GET: every GET route, signed in, over a demo vault, leaves it as it was.

The only rows a GET may add are the access-log records of brand API calls, each a leaf
of the transparency log with its signed tree head: every API access is logged, reads
included (DESIGN.md).
"""

from __future__ import annotations

from collections import Counter

from tests.conftest import snapshot
from tests.web.helpers import get_paths
from tests.web.oauth.helpers import bearer
from vault import audit, tamper, transparency


def test_the_demo_vault_has_what_a_get_could_change(demo_vault):
    store = demo_vault.store
    assert store.value("select count(*) from offers where verdict = 'hold'") > 0
    assert store.value("select history_version > cached_version from agent_state")


def test_every_get_route_leaves_the_vault_as_it_was(app, owner, demo_vault):
    store, token = demo_vault.store, demo_vault.token
    before, last_event = snapshot(store), store.value("select max(id) from access_log")
    size = transparency.size(store)

    called = Counter()
    for _endpoint, path in get_paths(app, demo_vault):
        api = path.startswith("/api/v1/")
        response = owner.get(path, headers=bearer(token) if api else {})
        assert response.status_code in ((200,) if api else (200, 302)), path
        if api:
            called[path] += 1

    audit.settle(store)  # the journal's events into the log
    logged = store.all("select endpoint, outcome, held_id from access_log where id > ?",
                       (last_event,))
    assert Counter(r["endpoint"] for r in logged) == called
    assert {r["outcome"] for r in logged} == {"allowed"}
    assert transparency.size(store) == size + len(logged) and tamper.check(store).intact
    after = snapshot(store)
    added = [r for r in after["access_held"] if r not in before["access_held"]]
    assert {r[0] for r in added} <= {r["held_id"] for r in logged}  # what the reads held
    after["access_held"] = [r for r in after["access_held"] if r not in added]
    after["access_log"] = [r for r in after["access_log"] if r[0] <= last_event]
    after["tree_heads"] = [r for r in after["tree_heads"] if r[0] <= size]
    after["log_nodes"] = [r for r in after["log_nodes"] if r in before["log_nodes"]]
    after["journal_marks"] = before["journal_marks"]  # how far the log took in the journal
    assert after == before
