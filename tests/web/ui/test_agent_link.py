"""The consumer's pages and the agent: changes re-decide held offers; home shows what waits."""

from datetime import timedelta

from agent import inbox
from tests.agent.builders import payload
from vault import audit
from vault import offers as stored


def _held_garden_offer(store, now):
    until = (now + timedelta(days=20)).isoformat()
    offer_id = inbox.receive(store, payload(category="garden", title="Tondeuse -20 %",
                                            valid_until=until),
                             source=inbox.OfferSource.imported(), now=now)
    assert stored.get(store, offer_id).outcome.verdict == "hold"
    return offer_id


def test_a_new_intent_decides_held_offers_again(app, owner, clock):
    store = app.extensions["coffre"].require()
    offer_id = _held_garden_offer(store, clock.now())

    response = owner.post("/intents", data={"category": "garden", "description": "Une tondeuse",
                                            "budget": "300", "currency": "EUR"})

    assert response.status_code == 302
    assert stored.get(store, offer_id).outcome.verdict == "deliver"


def test_home_lists_offers_waiting_and_latest_accesses(app, owner, clock):
    store = app.extensions["coffre"].require()
    offer_id = _held_garden_offer(store, clock.now())
    owner.post("/intents", data={"category": "garden", "description": "Une tondeuse",
                                 "currency": "EUR"})
    audit.record(store, at=clock.now(), method="GET", endpoint="/api/v1/profile",
                 outcome="allowed", brand_name="Maison Dupont", records=1, fields=["name"])

    page = owner.get("/").get_data(as_text=True)

    assert stored.get(store, offer_id).title in page.replace("&#39;", "'")
    assert "Maison Dupont read your profile" in page
    assert "No brand has read your data yet." not in page
