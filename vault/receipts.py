"""Consent receipts: the vault's signed word of what the consumer allowed a brand, and when.

Every grant version gets one (created, allowed again, narrowed, given back, new
end date, paused, resumed, revoked), and so does a grant's end by expiry. A
receipt holds the fields of the Kantara Consent Receipt v1.1 and of ISO/IEC TS
27560 consent records that apply (docs/receipts.md maps them), as a compact JWS
(EdDSA) over RFC 8785 canonical JSON, signed with the vault's key; each names
the receipt it replaces, so a grant's receipts form a chain.

A receipt is a pure function of what is stored: its id is a UUIDv5 of the
vault's key id and the change, Ed25519 signatures are deterministic and the JSON
is canonical. So a receipt due but not yet stored (an expiry, which happens by
time and not by a write; or a version written before receipts existed) is
computed, byte for byte as it will be kept, when read, without a write; `settle`
stores those, and runs inside every change to the grant and at unlock.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from vault import identity, jws
from vault.provenance import iso_utc, parse_utc
from vault.store import Store

if TYPE_CHECKING:
    from vault.grants import Grant

TYP = "coffre-receipt+jws"
FORMAT = "coffre-receipt/1"
JURISDICTION = "EU"  # consent under the GDPR, art. 6(1)(a) and 7
LANGUAGES = ("en", "fr")  # every text a person reads is given in both

# What each scope lets a brand see, as a data category (ISO/IEC TS 27560 "PII categories").
CATEGORIES: dict[str, dict[str, str]] = {
    "profile:read": {"en": "Identity, roughly: name, age band, city, country, language, "
                           "profession", "fr": "Identité, à grands traits : nom, tranche "
                                               "d'âge, ville, pays, langue, profession"},
    "contact:read": {"en": "Contact details: e-mail addresses, phone numbers, postal "
                           "addresses", "fr": "Coordonnées : adresses e-mail, numéros de "
                                              "téléphone, adresses postales"},
    "purchases:read": {"en": "Purchase history, order by order, with items",
                       "fr": "Historique d'achats, commande par commande, avec les articles"},
    "purchases:summary": {"en": "Purchase totals per month and category, never one order",
                          "fr": "Totaux d'achats par mois et par catégorie, jamais une "
                                "commande seule"},
    "purchases:write": {"en": "Receipts the brand adds to the purchases (nothing read back)",
                        "fr": "Tickets que la marque ajoute aux achats (rien n'est relu)"},
    "preferences:read": {"en": "Interests, preferred channels and limits on offers",
                         "fr": "Centres d'intérêt, canaux préférés et limites aux offres"},
    "intents:read": {"en": "Open searches, with budget and place",
                     "fr": "Recherches en cours, avec budget et lieu"},
    "offers:write": {"en": "Offers the brand sends (nothing read)",
                     "fr": "Offres que la marque envoie (rien n'est lu)"},
}
WITHDRAWAL = {
    "en": "The consumer withdraws this consent at any time, at once, in their Coffre: "
          "Brands & access, then Revoke. The brand may also revoke its own tokens (RFC 7009).",
    "fr": "La personne retire ce consentement à tout moment, immédiatement, dans son Coffre : "
          "Marques et accès, puis Retirer. La marque peut aussi révoquer ses jetons (RFC 7009).",
}


@dataclass(frozen=True)
class Receipt:
    """One signed consent receipt, as kept (or as it will be kept)."""

    receipt_id: str
    grant_id: int
    version: int
    change: str  # a grant change (created … revoked), or "expired"
    issued_at: datetime
    previous_id: str | None
    jws: str

    @property
    def claims(self) -> dict[str, Any]:
        """What the receipt says (read without checking: see `verify`)."""
        payload = self.jws.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def verify(token: str, public_key: bytes) -> dict[str, Any]:
    """The claims of a receipt signed by the vault of `public_key`.

    Raises NotGenuine saying what failed (shape, key, type, or a changed byte).
    """
    return jws.verify(token, public_key, what="receipt", typ=TYP)


def stored(store: Store, grant_id: int) -> list[Receipt]:
    """The receipts kept for a grant, oldest first."""
    rows = store.all("select * from receipts where grant_id = ? order by id", (grant_id,))
    return [Receipt(r["receipt_id"], r["grant_id"], r["version"], r["change"],
                    parse_utc(r["issued_at"]), r["previous_id"], r["jws"]) for r in rows]


def chain(store: Store, versions: list[Grant], *, now: datetime) -> list[Receipt]:
    """Every receipt of a grant at `now`, oldest first: those kept, then those due."""
    kept = stored(store, versions[0].id) if versions else []
    return kept + _due(store, versions, kept, now=now)


def settle(store: Store, versions: list[Grant], *, now: datetime) -> str | None:
    """Keep every receipt due at `now` for this grant; return the id of its last receipt."""
    with store.atomic():
        found = chain(store, versions, now=now)
        for receipt in found:
            if store.value("select 1 from receipts where receipt_id = ?",
                           (receipt.receipt_id,)) is None:
                keep(store, receipt)
    return found[-1].receipt_id if found else None


def make(store: Store, grant: Grant, *, change: str, at: datetime,
         previous_id: str | None) -> Receipt:
    """The signed receipt of one change to a grant (not stored: see `keep`)."""
    key = identity.signing_key(store)
    kid = identity.key_id(key.verify_key.encode())
    receipt_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:coffre:receipt:{kid}:{grant.id}:"
                                                    f"{grant.version}:{change}"))
    claims = _claims(store, grant, receipt_id=receipt_id, change=change, at=at,
                     previous_id=previous_id)
    return Receipt(receipt_id, grant.id, grant.version, change, at, previous_id,
                   jws.sign(claims, key, typ=TYP))


def keep(store: Store, receipt: Receipt) -> None:
    """Store a receipt (receipts are never edited nor deleted)."""
    store.execute("insert into receipts (receipt_id, grant_id, version, change, issued_at,"
                  " previous_id, jws) values (?, ?, ?, ?, ?, ?, ?)",
                  (receipt.receipt_id, receipt.grant_id, receipt.version, receipt.change,
                   iso_utc(receipt.issued_at), receipt.previous_id, receipt.jws))


def _due(store: Store, versions: list[Grant], kept: list[Receipt], *,
         now: datetime) -> list[Receipt]:
    """The receipts the versions call for that are not kept yet, in chain order."""
    kept_ids = {(r.version, r.change): r.receipt_id for r in kept}
    previous, due = None, []
    for i, version in enumerate(versions):
        until = versions[i + 1].changed_at if i + 1 < len(versions) else now
        steps = [(version.change, version.changed_at)]
        if (version.status != "revoked" and version.expires_at is not None
                and version.expires_at <= until):
            steps.append(("expired", version.expires_at))
        for change, at in steps:
            known = kept_ids.get((version.version, change))
            if known is None:
                due.append(make(store, version, change=change, at=at, previous_id=previous))
                known = due[-1].receipt_id
            previous = known
    return due


def _claims(store: Store, grant: Grant, *, receipt_id: str, change: str, at: datetime,
            previous_id: str | None) -> dict[str, Any]:
    brand = store.one("select client_id, name, website, contacts, policy_uri, purpose"
                      " from brands where id = ?", (grant.brand_id,))
    scopes = sorted(grant.scopes)
    purpose = grant.purpose or brand["purpose"]
    return {
        "receipt_id": receipt_id, "format": FORMAT, "issued_at": iso_utc(at),
        "jurisdiction": JURISDICTION, "language": list(LANGUAGES),
        "controller": {"name": brand["name"], "client_id": brand["client_id"],
                       "contact": json.loads(brand["contacts"]), "website": brand["website"],
                       "privacy_policy": brand["policy_uri"]},
        "subject": identity.pairwise_id(store, brand["client_id"]),
        "consent_type": "explicit",
        "grant": {"id": grant.id, "version": grant.version, "change": change,
                  "status": "expired" if change == "expired" else grant.status,
                  "reason": grant.reason, "granted_at": iso_utc(grant.created_at)},
        "purposes": [purpose] if purpose else [],
        "scope": " ".join(scopes),
        "data": [{"scope": s, "category": CATEGORIES[s]} for s in scopes],
        "expires_at": iso_utc(grant.expires_at) if grant.expires_at else None,
        "withdrawal": WITHDRAWAL,
        "replaces": previous_id,
    }
