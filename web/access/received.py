"""What did this brand receive? Each answer rebuilt, checked against the log, in plain words."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from vault import brands, received
from web import runtime
from web.access.pages import bp
from web.auth import login_required
from web.categories import label
from web.formatting import amount, day, moment
from web.wording import access_action

SHOWN = 5  # orders, rows of a summary: the first few in words, the rest counted


def _profile(body: dict) -> list[str]:
    names = {"name": _("Name"), "age_band": _("Age band"), "city": _("City"),
             "country": _("Country"), "language": _("Language"), "profession": _("Profession")}
    lines = [f"{title}: {body[key]}" for key, title in names.items() if body.get(key)]
    lines += [_("E-mail: %(address)s", address=e["address"]) for e in body.get("emails", [])]
    lines += [_("Phone: %(number)s", number=p["number"]) for p in body.get("phones", [])]
    lines += [_("Address: %(address)s", address=", ".join(
        a[k] for k in ("line1", "line2", "postcode", "city", "country") if a.get(k)))
        for a in body.get("addresses", [])]
    return lines


def _order(o: dict) -> str:
    items = ", ".join(f"{i['name']} × {i['quantity']}" for i in o["items"])
    return _("%(day)s, %(merchant)s: %(total)s (%(items)s)",
             day=day(datetime.fromisoformat(o["ordered_at"].replace("Z", "+00:00"))),
             merchant=o["merchant"], total=amount(o["total_minor"], o["currency"]), items=items)


def _more(rows: list, lines: list[str]) -> list[str]:
    if len(rows) > SHOWN:
        lines.append(ngettext("and %(num)d more", "and %(num)d more", len(rows) - SHOWN))
    return lines


def _orders(body: dict) -> list[str]:
    return _more(body["orders"], [_order(o) for o in body["orders"][:SHOWN]])


def _summary(body: dict) -> list[str]:
    rows = body["by_category"]
    lines = [_("%(category)s: %(spend)s over %(num)d orders",
               category=label(r["category"]["code"]), spend=amount(r["spend_minor"],
                                                                    r["currency"]),
               num=r["orders"]) for r in rows[:SHOWN]]
    return _more(rows, lines) or [_("No total: too few orders to show any.")]


def _preferences(body: dict) -> list[str]:
    interests = ", ".join(label(k) for k in body["interests"]) or _("none")
    return [_("Interests: %(list)s", list=interests),
            _("Channels: %(list)s", list=", ".join(body["channels"]) or _("none"))]


def _intents(body: dict) -> list[str]:
    return [_("Looking for: %(what)s (%(category)s)", what=i["description"],
              category=label(i["category"]["code"])) for i in body["intents"]]


WORDS = {"profile": _profile, "orders": _orders, "summary": _summary,
         "preferences": _preferences, "intents": _intents}


def in_words(answer: received.Answer) -> list[str]:
    """The values an answer held, in plain words, one line each."""
    return WORDS[answer.event.held["kind"]](answer.body)


def _since():
    text = request.args.get("since") or ""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date() if text else None
    except ValueError:
        return None


@bp.get("/brands/<int:brand_id>/received", endpoint="received")
@login_required
def received_page(brand_id: int):
    """Exactly what a brand was sent, each answer rebuilt and checked against the log."""
    store = runtime.store()
    brand = brands.get(store, brand_id)
    answers = list(reversed(received.sent(store, brand_id, since=_since())))
    return render_template("access/received.html", brand=brand, answers=answers,
                           in_words=in_words, action=access_action, moment=moment)


@bp.get("/brands/<int:brand_id>/received.json", endpoint="received_json")
@login_required
def received_download(brand_id: int):
    """The same, as a JSON file to keep or to attach to a request (GDPR article 15)."""
    store = runtime.store()
    brand = brands.get(store, brand_id)
    body: dict[str, Any] = {"brand": brand.name, "client_id": brand.client_id,
                            **received.export(received.sent(store, brand_id, since=_since()))}
    return Response(json.dumps(body, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="received-'
                                                    f'{brand.id}.json"',
                             "Cache-Control": "no-store"})
