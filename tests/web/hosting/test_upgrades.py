"""Upgrades: a vault of every earlier schema version opens with this code, migrated on open.

docs/hosting.md tells self-hosters to upgrade by installing the new Coffre and
restarting; this is what makes that safe.
"""

from __future__ import annotations

import nacl.signing
import pytest

from tests.conftest import PASSPHRASE, app_config, rewound
from vault import identity, lifecycle, migrations, purchases, settings
from vault.provenance import utcnow
from vault.purchases import Item, Order
from web import create_app

EARLIER = range(1, migrations.latest())


@pytest.fixture(params=EARLIER, ids=lambda v: f"from-v{v}")
def earlier(request, folder, created):
    """A vault left at an earlier schema version, with its signing key and a setting."""
    old = rewound(folder, created[0], upto=request.param)
    seed = nacl.signing.SigningKey.generate().encode()
    with old.atomic():  # as every version since the first made the vault's identity
        old.execute("insert into vault_identity (id, signing_seed, created_at) values (1, ?, ?)",
                    (seed, "2026-01-01T00:00:00Z"))
        old.execute("insert into settings values ('language', 'fr')")
    assert old.schema_version == request.param
    old.close()
    return seed


def test_it_opens_migrated_with_what_it_held(folder, earlier):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)

    assert store.schema_version == migrations.latest()
    assert bytes(identity.signing_key(store)) == earlier
    assert settings.find(store, "language") == "fr"
    order_id = purchases.add(store, Order("Librairie Dupont", utcnow(), "store", "EUR",
                                          (Item("Atlas", "livres", 1, 2500),)))
    assert purchases.get(store, order_id).items[0].name == "Atlas"
    store.close()


def test_the_server_opens_it_and_says_the_new_version(folder, earlier):
    app = create_app(app_config(folder))
    app.extensions["coffre"].unlock("passphrase", PASSPHRASE)

    schema = app.test_client().get("/healthz").json["schema"]

    assert schema == {"vault": migrations.latest(), "code": migrations.latest()}
    app.extensions["coffre"].lock()
