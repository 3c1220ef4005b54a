"""Offers for the demo vault, dated around today, so the Offers page has something to show.

Brands and wording are invented for the demo consumer (a reader in Lyon who
blocked Shein, set caps and quiet hours, and is looking for a bike and a
weekend in Lisbon). Categories are given as brands would: some by code, most by a
French or English word the vocabulary knows (vault/categories.json).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def arrival(now: datetime) -> datetime:
    """The latest 10:00 in Paris not after `now`: demo offers arrive outside quiet hours."""
    local = now.astimezone(PARIS)
    morning = datetime.combine(local.date(), time(10), PARIS)
    return morning if morning <= local else morning - timedelta(days=1)


def offers(now: datetime) -> list[dict[str, Any]]:
    """Eighteen offers: some fit, some break a rule, some wait for the digest."""
    until = (now + timedelta(days=14)).isoformat(timespec="seconds")

    def offer(brand: str, title: str, category: str, **more: Any) -> dict[str, Any]:
        return {"brand": brand, "title": title, "category": category, "channel": "email",
                "language": "fr", "currency": "EUR", "valid_until": until, **more}

    return [
        offer("Librairie Mollat", "Rentrée littéraire : 5 % sur les romans", "livres",
              discount_percent=5, description="Les romans de la rentrée, retirés en magasin."),
        offer("Fnac", "Polar de l'été à 9,90 €", "09.7.1", price="9.90", channel="app"),
        offer("Fnac", "Carte Fnac+ offerte 3 mois", "books", discount_percent=100),
        offer("Fnac", "Encore un roman à -5 %", "books", discount_percent=5),
        offer("Decathlon", "Vélo de ville reconditionné", "vélo", price="349.00",
              place={"city": "Lyon"}, description="Révisé en atelier, garanti un an."),
        offer("TAP Air Portugal", "Week-end à Lisbonne dès 189 €", "07.3.3", price="189.00",
              description="Vols aller-retour Lyon–Lisbonne, les week-ends de mars."),
        offer("Booking.com", "Last-minute deals in Porto", "travel", price="79.00",
              language="en"),
        offer("Shein", "Soldes flash -70 %", "vêtements", discount_percent=70),
        offer("Darty", "Téléviseur OLED 65 pouces", "08.1", price="1899.00"),
        offer("Boulanger", "Casque à réduction de bruit", "electronics", price="199.00",
              channel="sms"),
        offer("Musée d'Orsay", "Nocturne du jeudi : entrée -20 %", "musée",
              discount_percent=20),
        offer("Picard", "Surgelés : 3 achetés, 1 offert", "surgelés", discount_percent=25),
        offer("PMU", "Pari offert de 10 €", "paris sportifs", price="0.00", reward="10.00"),
        offer("Sézane", "Nouvelle collection automne", "clothing", price="95.00"),
        offer("UGC", "Illimité : premier mois à 1 €", "cinéma", price="1.00", channel="app"),
        offer("Truffaut", "Bulbes de printemps", "jardin", price="12.90", channel="post"),
        offer("Gibert Joseph", "Livres d'occasion : le deuxième à 1 €", "books", price="1.00"),
        offer("Cultura", "Bandes dessinées : -10 % ce week-end", "BD", discount_percent=10),
    ]
