"""The Offers and Pressure pages, with CSRF on as in production."""

from __future__ import annotations

import re
from datetime import time, timedelta

from agent import inbox
from tests.agent.builders import payload
from tests.conftest import PASSPHRASE
from tests.web.helpers import csrf_token
from tests.web.inbox.helpers import SOURCE, now, receive
from vault import offers as stored
from vault import preferences
from vault.preferences import Preferences
from web import create_app


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
    assert ("It matches little of what you told your agent you like, so it waits for your "
            "digest instead of reaching you now.") in html
    assert "It wants to reach you by text message, which you did not allow." in html
    assert "You are interested in Books (80 out of 100)." in html
    assert 'data-confirm="You will get no more offers from Truffaut' in html


def action(client, offer, name, *, token=True, **more):
    data = {"csrf_token": csrf_token(client, "/offers/")} if token else {}
    return client.post(f"/offers/{offer.id}/{name}", data={**data, **more})


def section(html: str, state: str) -> str:
    """The part of the Offers page that lists the offers in `state`."""
    found = re.search(rf'<(section|details)[^>]*id="{state}".*?</\1>', html, re.S)
    assert found, state
    return found[0]


def badge(html: str, state: str) -> int:
    return int(re.search(r'<span class="badge">(\d+)</span>', section(html, state))[1])


def test_an_action_without_a_csrf_token_is_refused_and_changes_nothing(filled):
    client, store, (shown, _, _) = filled
    assert action(client, shown, "accept", token=False).status_code == 400
    assert stored.get(store, shown.id).action is None


def test_accept_and_dismiss_are_recorded(filled):
    client, store, (shown, held, _) = filled
    response = action(client, shown, "accept")
    assert response.status_code == 302 and "/offers/" in response.location
    assert stored.get(store, shown.id).action == "accepted"
    assert "You accepted “Romans à -5 %”" in page(client)
    action(client, held, "dismiss")
    assert stored.get(store, held.id).action == "dismissed"
    html = page(client)
    assert "“Tondeuse électrique” is put away." in html
    assert held.title in section(html, "dismissed") and held.title not in section(html, "held")


def test_every_state_has_its_list_and_each_count_is_its_list(filled):
    client, _store, (shown, held, declined) = filled
    action(client, shown, "accept")
    action(client, held, "dismiss")

    html = page(client)

    where = {state: section(html, state) for state in stored.STATES}
    assert shown.title in where["accepted"] and held.title in where["dismissed"]
    assert declined.title in where["declined"]
    assert {s: badge(html, s) for s in stored.STATES} == {
        "delivered": 0, "held": 0, "accepted": 1, "dismissed": 1, "declined": 1}
    lists = "".join(where.values())
    assert [lists.count(o.title) for o in (shown, held, declined)] == [1, 1, 1]  # once each


def test_a_dismissed_offer_can_be_put_back(filled):
    client, store, (_, held, _) = filled
    action(client, held, "dismiss")
    assert f'action="/offers/{held.id}/back"' in section(page(client), "dismissed")

    action(client, held, "back")

    assert stored.state(stored.get(store, held.id)) == "held"
    assert held.title in section(page(client), "held")


def test_never_from_this_brand_asks_first_without_javascript(filled):
    client, store, (_, held, _) = filled

    response = action(client, held, "never")

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1" in html
    assert "You will get no more offers from Truffaut" in html
    assert 'name="confirmed" value="yes"' in html
    assert preferences.get(store).blocked_brands == frozenset()


def test_after_never_the_offer_is_put_away_and_can_be_heard_again(filled):
    client, store, (_, held, _) = filled
    action(client, held, "never", confirmed="yes")

    html = page(client)
    assert held.title in section(html, "dismissed")
    assert badge(html, "held") == 0 and badge(html, "dismissed") == 1
    own = page(client, f"/offers/{held.id}")
    assert f"/offers/{held.id}/accept" not in own and f"/offers/{held.id}/never" not in own
    assert "Hear from Truffaut again" in own

    action(client, held, "again")

    assert preferences.get(store).blocked_brands == frozenset()
    assert held.title in section(page(client), "held")


def test_after_acting_on_an_offer_the_list_opens_on_the_next_one(filled):
    client, store, (shown, _, _) = filled
    second = receive(store, title="Polars à -10 %")
    first, after = sorted((shown, second), key=lambda o: (-o.outcome.score, -o.id))

    response = action(client, first, "dismiss")

    assert response.location.endswith(f"#offer-{after.id}")
    assert f'id="offer-{after.id}" tabindex="-1"' in page(client)


def test_the_lists_read_in_french(filled):
    client, _, (_, held, _) = filled
    action(client, held, "dismiss")
    client.post("/language", data={"language": "fr", "next": "/offers/",
                                   "csrf_token": csrf_token(client, "/offers/")})
    html = page(client)
    assert "Rangées" in section(html, "dismissed") and "Ressortir" in html


def test_never_from_this_brand_changes_the_preferences(filled):
    client, store, (_, held, _) = filled
    action(client, held, "never", confirmed="yes")
    assert preferences.get(store).blocked_brands == {"Truffaut"}
    assert "You will get no more offers from Truffaut" in page(client)


def test_less_of_this_category_lowers_the_interest_and_decides_again(filled):
    client, store, (shown, _, _) = filled
    waiting = receive(store, title="Le polar du mois")
    preferences.save(store, Preferences(interests={"books": 80}, quiet_hours=(time(0),
                                                                                time(23, 59))))
    assert receive(store, title="BD de nuit").outcome.verdict == "hold"
    action(client, shown, "less")
    assert preferences.get(store).interests == {"09.7.1": 55}
    assert "You will see fewer offers about Books (interest now 55 out of 100)" in page(client)
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


def test_an_offer_says_how_well_it_fits_in_words_not_its_score(filled):
    client, store, (shown, _, _) = filled
    html = page(client, f"/offers/{shown.id}")
    assert "(a good match)" in html
    # As a number of its own: not the same digits inside a random token (a form's CSRF one).
    score = stored.get(store, shown.id).outcome.score
    assert not re.search(rf"(?<![\w-]){score}(?![\w-])", html.split("<main", 1)[1])


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
    assert "Vous vous intéressez à Livres (80 sur 100)." in html
    assert "Moins de Livres" in html and "books" not in html


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
