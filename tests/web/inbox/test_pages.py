"""The Offers and Pressure pages, with CSRF on as in production."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from agent import inbox
from tests.agent.builders import payload
from tests.conftest import PASSPHRASE
from tests.web.helpers import assert_in_a_fold, csrf_token
from vault import offers as stored
from vault import preferences
from vault.preferences import Preferences
from web import create_app

SOURCE = inbox.OfferSource.imported("test.json")


@pytest.fixture
def signed_in(csrf_owner):
    """A client signed in with CSRF on, and the store."""
    app, client = csrf_owner
    return client, app.extensions["coffre"].require()


def now() -> datetime:
    return datetime.now(UTC).replace(hour=12)


def receive(store, **changes) -> stored.StoredOffer:
    until = (now() + timedelta(days=20)).isoformat()
    offer_id = inbox.receive(store, payload(valid_until=until, **changes), source=SOURCE,
                             now=now())
    return stored.get(store, offer_id)


@pytest.fixture
def filled(signed_in):
    """One offer delivered, one held, one declined."""
    client, store = signed_in
    preferences.save(store, Preferences(interests={"books": 80}, channels=("email", "app")))
    offers = (receive(store, title="Romans à -5 %"),
              receive(store, title="Tondeuse électrique", category="garden", brand="Truffaut"),
              receive(store, title="SMS promo", channel="sms", brand="Darty"))
    return client, store, offers


def page(client, path="/offers/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_empty_inbox_says_what_will_appear_and_how(signed_in):
    client, _ = signed_in
    html = page(client)
    assert "No offers yet" in html and "coffre offers import" in html


def test_the_inbox_asks_to_sign_in(live_config):
    app = create_app(live_config)
    app.extensions["coffre"].create(PASSPHRASE)
    response = app.test_client().get("/offers/")
    app.extensions["coffre"].lock()
    assert response.status_code == 302 and "/sign-in" in response.location


def test_delivered_come_first_then_held_then_turned_away_each_with_reasons(filled):
    client, _, (shown, held, declined) = filled
    html = page(client)
    assert html.index(shown.title) < html.index(held.title) < html.index(declined.title)
    assert "It matches little of what you like (score 6; 20 needed to reach you)." in html
    assert "It wants to reach you by text message, which you did not allow." in html
    assert "You are interested in books (80 out of 100)." in html
    assert 'data-confirm="You will get no more offers from Truffaut' in html


def action(client, offer, name, *, token=True):
    data = {"csrf_token": csrf_token(client, "/offers/")} if token else {}
    return client.post(f"/offers/{offer.id}/{name}", data=data)


def test_an_action_without_a_csrf_token_is_refused_and_changes_nothing(filled):
    client, store, (shown, _, _) = filled
    assert action(client, shown, "accept", token=False).status_code == 400
    assert stored.get(store, shown.id).action is None


def test_accept_and_dismiss_are_recorded(filled):
    client, store, (shown, held, _) = filled
    response = action(client, shown, "accept")
    assert response.status_code == 302 and response.location.endswith("/offers/")
    assert stored.get(store, shown.id).action == "accepted"
    assert "You accepted “Romans à -5 %”" in page(client)
    action(client, held, "dismiss")
    assert stored.get(store, held.id).action == "dismissed"
    html = page(client)
    assert "“Tondeuse électrique” is put away." in html
    assert f'id="offer-{held.id}"' not in html


def test_never_from_this_brand_changes_the_preferences(filled):
    client, store, (_, held, _) = filled
    action(client, held, "never")
    assert preferences.get(store).blocked_brands == {"Truffaut"}
    assert "You will get no more offers from Truffaut" in page(client)


def test_less_of_this_category_lowers_the_interest_and_decides_again(filled):
    client, store, (shown, _, _) = filled
    waiting = receive(store, title="Le polar du mois")
    preferences.save(store, Preferences(interests={"books": 80}, quiet_hours=(time(0),
                                                                                time(23, 59))))
    assert receive(store, title="BD de nuit").outcome.verdict == "hold"
    action(client, shown, "less")
    assert preferences.get(store).interests == {"books": 55}
    assert "interest now 55 out of 100" in page(client)
    assert stored.get(store, waiting.id).outcome.verdict == "deliver"


def test_opening_an_offer_shows_it_in_full_and_counts_it(filled):
    client, store, (shown, _, _) = filled
    assert f'action="/offers/{shown.id}/open"' in page(client)
    response = client.post(f"/offers/{shown.id}/open",
                           data={"csrf_token": csrf_token(client, "/offers/")})
    assert response.status_code == 303 and response.location.endswith(f"/offers/{shown.id}")
    html = page(client, response.location)
    assert "<h1" in html and shown.title in html and "let it through" in html
    assert stored.get(store, shown.id).opened_at is not None


def test_an_offer_s_score_is_in_a_fold(filled):
    client, _store, (shown, _, _) = filled
    assert_in_a_fold(page(client, f"/offers/{shown.id}"), "relevance")


def test_showing_an_offer_again_counts_nothing(filled):
    client, store, (shown, _, _) = filled
    assert "let it through" in page(client, f"/offers/{shown.id}")
    assert stored.get(store, shown.id).opened_at is None
    assert client.post(f"/offers/{shown.id}/open").status_code == 400  # no CSRF token
    assert stored.get(store, shown.id).opened_at is None


def test_an_unknown_offer_is_not_found(signed_in):
    client, _ = signed_in
    assert client.get("/offers/999").status_code == 404
    assert client.post("/offers/999/accept",
                       data={"csrf_token": csrf_token(client, "/offers/")}).status_code == 404


def test_the_pressure_page_draws_each_brand_with_a_text_alternative(filled):
    client, store, (shown, _, _) = filled
    inbox.open_offer(store, shown.id, now=now())
    html = page(client, "/offers/pressure")
    assert html.count('role="img"') == 3
    assert "Offers from Fnac per week" in html
    assert "1 received, 1 reached you, 0 turned away, 1 opened." in html
    assert re.search(r'<desc id="brand-\d-svg-desc">Week of [^<]*: 1 received, 0 reached you, '
                     r'1 turned away, 0 opened\.', html)
    legend = 4
    # Fnac: received, reached you, opened; Darty: received, turned away; Truffaut: received.
    assert html.count('<rect class="s-') == legend + 6
    assert "<table" in html and "no limit" in html


def test_the_pressure_page_teaches_when_empty(signed_in):
    client, _ = signed_in
    assert "No offers in these weeks" in page(client, "/offers/pressure")


def test_reasons_read_in_french(filled):
    client, _, _ = filled
    html = client.get("/offers/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Elle veut vous joindre par SMS, ce que vous n’avez pas autorisé." in html
    assert "Vous vous intéressez à books (80 sur 100)." in html


def test_an_offer_held_for_quiet_hours_reaches_the_inbox_once_they_are_over(signed_in, clock):
    client, store = signed_in
    current = clock.now()
    start, end = (current - timedelta(hours=1)).time(), (current + timedelta(hours=1)).time()
    preferences.save(store, Preferences(interests={"books": 80}, quiet_hours=(start, end),
                                        channels=("email",)))
    until = (current + timedelta(days=20)).isoformat()
    offer_id = inbox.receive(store, payload(valid_until=until), source=SOURCE, now=current)
    assert stored.get(store, offer_id).outcome.verdict == "hold"
    later = (current + timedelta(hours=3)).time()
    preferences.save(store, Preferences(interests={"books": 80}, channels=("email",),
                                        quiet_hours=(later, (current + timedelta(hours=4)).time())))

    for_you, waiting = page(client).split('id="held-title"')

    assert f'id="offer-{offer_id}"' in for_you and f'id="offer-{offer_id}"' not in waiting
    assert "1 received, 1 reached you, 0 turned away" in page(client, "/offers/pressure")
    assert "Romans de la rentrée" in page(client, "/")
    assert stored.get(store, offer_id).outcome.verdict == "hold"  # looking writes nothing


def test_quiet_hours_end_by_the_apps_clock(signed_in, clock):
    client, store = signed_in
    current = clock.now()
    quiet = ((current - timedelta(hours=1)).time(), (current + timedelta(minutes=10)).time())
    preferences.save(store, Preferences(interests={"books": 80}, quiet_hours=quiet,
                                        channels=("email",)))
    until = (current + timedelta(days=20)).isoformat()
    offer_id = inbox.receive(store, payload(valid_until=until), source=SOURCE, now=current)
    assert f'id="offer-{offer_id}"' in page(client).split('id="held-title"')[1]

    clock.advance(minutes=11)  # within the idle delay: still signed in
    for_you, waiting = page(client).split('id="held-title"')

    assert f'id="offer-{offer_id}"' in for_you and f'id="offer-{offer_id}"' not in waiting


def test_the_next_action_records_what_time_alone_changed(signed_in, clock):
    client, store = signed_in
    current = clock.now()
    preferences.save(store, Preferences(interests={"books": 80}, overall_weekly=1))
    until = (current + timedelta(days=20)).isoformat()
    first = inbox.receive(store, payload(valid_until=until), source=SOURCE,
                          now=current - timedelta(days=8))
    second = inbox.receive(store, payload(valid_until=until, title="Encore"), source=SOURCE,
                           now=current - timedelta(days=6, hours=23))
    assert stored.get(store, second).outcome.verdict == "hold"  # the week's one went out
    assert 'id="offer-' + str(second) + '"' in page(client).split('id="held-title"')[0]

    assert action(client, stored.get(store, first), "dismiss").status_code == 302

    again = stored.get(store, second)
    assert again.outcome.verdict == "deliver" and again.delivered_at is not None
