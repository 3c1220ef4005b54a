"""The agent's reasons and the offers' words in the reader's language."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from agent.reasons import TEMPLATES
from web.categories import label

# Channel names as they read inside a sentence ("…to reach you by text message").
CHANNELS = {"email": _l("e-mail"), "sms": _l("text message"), "post": _l("post"),
            "app": _l("app notification")}
SERIES = {"received": _l("received"), "delivered": _l("reached you"),
          "declined": _l("turned away"), "opened": _l("opened")}


def reason(data: dict[str, Any]) -> str:
    """One stored reason as a sentence; an unknown code shows as itself."""
    template = TEMPLATES.get(data.get("code", ""))
    if template is None:
        return str(data.get("code", ""))
    params = dict(data.get("params", {}))
    if "category" in params:
        params["category"] = label(params["category"])
    if "channel" in params:
        params["channel"] = str(CHANNELS.get(params["channel"], params["channel"]))
    return gettext(template, **params)


def reasons(data: list[dict[str, Any]], *, stops: tuple[str, ...]) -> list[str]:
    """The sentences of the reasons that stop the offer in one of these ways."""
    return [reason(r) for r in data if r.get("stops") in stops]
