"""`coffre brands …` and `coffre log`: the same control as the pages, from a terminal."""

from __future__ import annotations

from tests.web.cli.helpers import coffre, opened
from vault import audit, brands, grants, invitations
from vault.provenance import utcnow


def _add(folder, *extra):
    result = coffre(folder, "brands", "add", "--name", "Maison Dupont", "--redirect-uri",
                    "https://md.example/cb", "--scope", "profile:read", "--scope",
                    "offers:write", *extra)
    assert result.exit_code == 0, result.output
    return result.output


def test_invite_prints_the_invitation_alone_on_the_last_line(vault_folder):
    result = coffre(vault_folder, "brands", "invite", "--note", "for Maison Dupont")
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    with opened(vault_folder) as store:
        assert invitations.find_usable(store, token, now=utcnow()) is not None


def test_add_prints_the_secret_once_and_list_shows_the_brand(vault_folder):
    output = _add(vault_folder)
    secret = next(line.split()[2] for line in output.splitlines() if "secret" in line)
    with opened(vault_folder) as store:
        assert brands.all_brands(store)[0].check_secret(secret)
    listing = coffre(vault_folder, "brands", "list").output
    assert "Maison Dupont" in listing and "no access" in listing


def test_a_public_brand_gets_no_secret(vault_folder):
    assert "none (public client" in _add(vault_folder, "--public")


def test_bad_input_is_a_clean_error(vault_folder):
    result = coffre(vault_folder, "brands", "add", "--name", "X", "--redirect-uri",
                    "http://evil.example/cb", "--scope", "profile:read")
    assert result.exit_code == 1 and "redirect_uris" in result.output
    assert "Traceback" not in result.output
    missing = coffre(vault_folder, "brands", "show", "42")
    assert missing.exit_code == 1 and "no brand 42" in missing.output


def _grant_and_use(folder):
    with opened(folder) as store:
        brand = brands.all_brands(store)[0]
        grant = grants.create(store, brand.id, frozenset({"profile:read"}), purpose=None,
                              expires_at=None, now=utcnow())
        audit.record(store, at=utcnow(), method="GET", endpoint="/api/v1/profile",
                     outcome="allowed", brand_id=brand.id, brand_name=brand.name,
                     scope="profile:read", records=1, fields=["name", "city"])
        audit.record(store, at=utcnow(), method="GET", endpoint="/api/v1/intents",
                     outcome="refused", reason="insufficient_scope", brand_id=brand.id,
                     brand_name=brand.name)
        return brand, grant


def test_show_revoke_and_block(vault_folder):
    _add(vault_folder)
    brand, grant = _grant_and_use(vault_folder)
    shown = coffre(vault_folder, "brands", "show", brand.client_id).output
    assert "v1" in shown and "created" in shown and "profile:read" in shown

    assert "lost access now" in coffre(vault_folder, "brands", "revoke", "1").output
    assert "is blocked" in coffre(vault_folder, "brands", "block", "1").output
    with opened(vault_folder) as store:
        assert grants.get(store, grant.id).status == "revoked"
        assert brands.get(store, brand.id).blocked


def test_log_prints_and_filters_the_access_log(vault_folder):
    _add(vault_folder)
    _grant_and_use(vault_folder)
    everything = coffre(vault_folder, "log").output
    refused = coffre(vault_folder, "log", "--outcome", "refused").output
    assert "/api/v1/profile" in everything and "1 record(s): city, name" in everything
    assert "insufficient_scope" in refused and "/api/v1/profile" not in refused
    assert "Nothing" in coffre(vault_folder, "log", "--since", "2999-01-01").output


def test_every_command_has_help_with_an_example(vault_folder):
    for args in (["brands"], ["brands", "invite"], ["brands", "add"], ["brands", "list"],
                 ["brands", "show"], ["brands", "revoke"], ["brands", "block"], ["log"]):
        result = coffre(vault_folder, *args, "--help")
        assert result.exit_code == 0 and "Example:" in result.output, args
