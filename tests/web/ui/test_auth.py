"""The gates: first run, unlock, sign-in, next=, session rotation, idle expiry, lock, throttle."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, ManualClock, app_config
from tests.web.helpers import sign_in, text
from tests.web.ui.helpers import error_beside
from web import create_app


def test_no_vault_sends_every_page_to_first_run(folder):
    client = create_app(app_config(folder)).test_client()

    for path in ("/", "/purchases", "/settings", "/unlock", "/sign-in"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.location == "/setup"


def test_locked_vault_sends_pages_to_unlock_and_back(app, client):
    app.extensions["coffre"].lock()

    response = client.get("/purchases?merchant=Fnac")
    assert response.status_code == 302
    assert response.location.startswith("/unlock?next=")

    response = client.post(response.location, data={"passphrase": PASSPHRASE})
    assert response.status_code == 302
    assert response.location == "/purchases?merchant=Fnac"
    assert app.extensions["coffre"].unlocked
    page = client.get("/purchases?merchant=Fnac")
    assert page.status_code == 200 and "Your purchases" in text(page)


def test_unlocked_but_not_signed_in_asks_the_passphrase(client):
    response = client.get("/insights")
    assert response.status_code == 302
    assert response.location == "/sign-in?next=/insights"
    page = client.get(response.location)
    assert 'name="passphrase"' in text(page)
    assert "Lock" not in text(page)  # nothing of the vault shows before signing in


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil.example",
    "javascript:alert(1)", "/%0d%0aSet-Cookie:x", "\\\\evil.example", " /x",
])
def test_next_accepts_same_site_paths_only(client, target):
    response = client.post("/sign-in", query_string={"next": target},
                           data={"passphrase": PASSPHRASE})
    assert response.status_code == 302
    location = response.location
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location


def test_wrong_passphrase_says_so_beside_the_field(client):
    response = sign_in(client, "not the passphrase at all")

    assert response.status_code == 403
    assert "does not open your vault" in text(response)
    assert client.get("/").status_code == 302


def test_sign_in_starts_a_new_session_id(app, client):
    with client.session_transaction() as s:
        s["sid"] = "chosen-by-an-attacker"
        s["generation"] = app.extensions["coffre"].generation

    sign_in(client)

    with client.session_transaction() as s:
        sid = s["sid"]
    assert sid != "chosen-by-an-attacker"
    assert sid in app.extensions["coffre"].sessions


def test_a_stolen_cookie_dies_at_sign_out(app, owner):
    with owner.session_transaction() as s:
        cookie_session = dict(s)
    thief = app.test_client()
    with thief.session_transaction() as s:
        s.update(cookie_session)
    assert "Your vault" in text(thief.get("/"))

    owner.post("/sign-out")

    assert thief.get("/").status_code == 302
    assert app.extensions["coffre"].unlocked  # signing out leaves the vault open for brands


def test_lock_closes_the_vault_and_ends_every_session(app, owner):
    other = app.test_client()
    sign_in(other)

    response = owner.post("/lock")

    assert response.status_code == 302 and response.location == "/unlock"
    assert not app.extensions["coffre"].unlocked
    assert other.get("/").location.startswith("/unlock")
    assert "locked" in text(owner.get("/unlock"))


def test_idle_session_expires_and_activity_keeps_it(owner, clock):
    for _ in range(3):  # 45 minutes in all, never 15 without activity
        clock.advance(minutes=15)
        assert owner.get("/").status_code == 200

    clock.advance(minutes=15, seconds=1)

    response = owner.get("/")
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    assert "without activity" in text(owner.get(response.location))


@pytest.mark.parametrize(("posted", "here", "back"), [
    ("/preferences", {}, "/preferences"),  # a page's own form: back to that page
    ("/intents/1/close", {"here": "/intents?tab=open"}, "/intents?tab=open"),  # said by the page
    ("/intents/1/close", {"here": "https://evil.example/"}, "/"),  # never another site
])
def test_signed_out_while_idle_the_consumer_comes_back_to_the_page_they_were_on(
        owner, clock, posted, here, back):
    clock.advance(minutes=16)

    response = owner.post(posted, data=here)

    assert response.status_code == 302 and response.location.startswith("/sign-in")
    again = owner.post(response.location, data={"passphrase": PASSPHRASE})
    assert again.status_code == 302 and again.location == back


def test_staying_signed_in_from_the_warning_keeps_the_session(owner, clock):
    clock.advance(minutes=14)
    assert owner.post("/session/alive").status_code == 204
    clock.advance(minutes=14)
    assert owner.get("/").status_code == 200
    clock.advance(minutes=16)
    assert owner.post("/session/alive").status_code == 302


def test_signed_in_pages_carry_the_idle_delay_for_the_warning(owner):
    page = text(owner.get("/"))
    assert 'data-idle-seconds="900"' in page and 'id="idle-warning"' in page
    assert "Stay signed in" in page


def test_failed_attempts_slow_down_then_let_the_owner_in(folder, clock):
    app = create_app(app_config(folder, SIGNIN_THROTTLE={"base": 2, "free": 2}, CLOCK=clock))
    app.extensions["coffre"].create(PASSPHRASE)
    client = app.test_client()
    for _ in range(3):
        assert sign_in(client, "wrong wrong wrong").status_code == 403

    clock.advance(seconds=1.9)
    refused = sign_in(client)  # even the right passphrase waits its turn
    assert refused.status_code == 429
    assert "Wait" in text(refused)

    clock.advance(seconds=0.1)
    assert sign_in(client).status_code == 302
    app.extensions["coffre"].lock()


def test_throttle_counts_per_client_only():
    from vault.errors import WrongKey
    from web.errors import TooManyAttempts
    from web.throttle import Throttle

    def wrong():
        raise WrongKey("wrong")

    clock = ManualClock()
    throttle = Throttle(base=10, free=1, clock=clock)
    for client in ("a", "a", "c", "d", "e"):
        with pytest.raises(WrongKey):
            throttle.attempt(client, wrong)
    assert throttle.wait("a") == 10
    assert throttle.wait("b") == throttle.wait("c") == 0  # others' failures cost b nothing
    with pytest.raises(TooManyAttempts):
        throttle.attempt("a", lambda: None)
    clock.advance(seconds=10)
    assert throttle.attempt("a", lambda: "in") == "in"
    assert throttle.wait("a") == 0


def test_recovery_code_sets_a_new_passphrase(folder):
    app = create_app(app_config(folder))
    code = app.extensions["coffre"].create(PASSPHRASE)
    app.extensions["coffre"].lock()
    client = app.test_client()
    new = "another long passphrase for my vault"

    weak = client.post("/recover", data={"code": code, "new_passphrase": "short",
                                         "confirm": "short"})
    assert weak.status_code == 422 and "Too short" in text(weak)
    wrong = client.post("/recover", data={"code": "AAAA-BBBB", "new_passphrase": new,
                                          "confirm": new})
    assert wrong.status_code == 403
    assert not app.extensions["coffre"].unlocked

    done = client.post("/recover", data={"code": code.lower(), "new_passphrase": new,
                                         "confirm": new})
    assert done.status_code == 302
    assert "Your vault" in text(client.get("/"))
    app.extensions["coffre"].lock()
    assert sign_in(client, new).status_code == 302
    app.extensions["coffre"].lock()


def test_a_wrong_recovery_code_says_what_to_check(folder):
    app = create_app(app_config(folder))
    app.extensions["coffre"].create(PASSPHRASE)
    app.extensions["coffre"].lock()
    new = "another long passphrase for my vault"

    wrong = app.test_client().post("/recover", data={"code": "AAAA-BBBB",
                                                     "new_passphrase": new, "confirm": new})

    said = error_beside(wrong, "code")
    assert "Check each group" in said and "capital letters" not in said
