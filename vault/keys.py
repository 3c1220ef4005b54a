"""Key slots and the keyring file.

The data key (DEK) that SQLCipher uses is random and never stored in clear.
Each way into the vault is a *slot*: the DEK wrapped with XChaCha20-Poly1305
(PyNaCl's Aead) under a key derived by Argon2id from that slot's secret (the
passphrase, the recovery code or the key file's content). The slot's kind,
KDF parameters and the vault id are bound as associated data, so a slot edited
by hand, or moved from another vault, fails to open rather than misbehave.

A `pending` set of slots exists only while the DEK is being rotated: it wraps
the new key, so a rotation interrupted at any point leaves a vault that opens.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

import nacl.exceptions
import nacl.pwhash.argon2id as argon2id
import nacl.secret

from vault.errors import KeyringDamaged, NotWritable, NoVault, WrongKey

FORMAT = 1
DEK_BYTES = 32
SLOT_KINDS = ("passphrase", "recovery", "keyfile")


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost: time (opslimit, passes) and memory (memlimit, bytes)."""

    opslimit: int
    memlimit: int


# The floor a production vault may not go below: 64 MiB and three passes.
FLOOR = KdfCost(opslimit=3, memlimit=64 * 1024 * 1024)
DEFAULT_COST = KdfCost(opslimit=3, memlimit=128 * 1024 * 1024)


@dataclass(frozen=True)
class Slot:
    """The DEK wrapped under one secret, with the parameters that derive its key."""

    kind: str
    salt: bytes
    cost: KdfCost
    wrapped: bytes


@dataclass(frozen=True)
class Keyring:
    """Every slot of one vault; `pending` only while the DEK is being rotated."""

    vault_id: str
    slots: dict[str, Slot]
    pending: dict[str, Slot] = field(default_factory=dict)


def new_dek() -> bytes:
    """A fresh random data key."""
    return secrets.token_bytes(DEK_BYTES)


def wrap(kind: str, secret: bytes, dek: bytes, *, vault_id: str, cost: KdfCost) -> Slot:
    """Wrap `dek` under a key derived from `secret`."""
    salt = secrets.token_bytes(argon2id.SALTBYTES)
    kek = _derive(secret, salt, cost)
    box = nacl.secret.Aead(kek)
    wrapped = box.encrypt(dek, _associated(kind, salt, cost, vault_id))
    return Slot(kind=kind, salt=salt, cost=cost, wrapped=bytes(wrapped))


def unwrap(slot: Slot, secret: bytes, *, vault_id: str) -> bytes:
    """The DEK held by `slot`.

    Raises WrongKey when `secret` is not the slot's secret (or the slot was
    altered: the two cannot be told apart, by design).
    """
    kek = _derive(secret, slot.salt, slot.cost)
    try:
        return nacl.secret.Aead(kek).decrypt(
            slot.wrapped, _associated(slot.kind, slot.salt, slot.cost, vault_id)
        )
    except nacl.exceptions.CryptoError as e:
        raise WrongKey(f"That {_SECRET_NAMES[slot.kind]} does not open this vault.") from e


_SECRET_NAMES = {"passphrase": "passphrase", "recovery": "recovery code", "keyfile": "key file"}


def _derive(secret: bytes, salt: bytes, cost: KdfCost) -> bytes:
    return argon2id.kdf(
        nacl.secret.Aead.KEY_SIZE, secret, salt, opslimit=cost.opslimit, memlimit=cost.memlimit
    )


def _associated(kind: str, salt: bytes, cost: KdfCost, vault_id: str) -> bytes:
    return json.dumps(
        [FORMAT, vault_id, kind, salt.hex(), cost.opslimit, cost.memlimit]
    ).encode()


# --- the keyring file -------------------------------------------------------


def load(path: Path) -> Keyring:
    """Read the keyring file.

    Raises NoVault if it does not exist, KeyringDamaged if it cannot be parsed
    or its checksum shows it was changed outside Coffre.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise NoVault(f"No vault in {path.parent} (keyring.json is missing).") from e
    try:
        doc = json.loads(raw)
        body = doc["keyring"]
        if doc["checksum"] != _checksum(body):
            raise KeyringDamaged(
                f"{path} was changed outside Coffre (its checksum does not match); "
                "restore it from a backup."
            )
        return _from_json(body)
    except KeyringDamaged:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise KeyringDamaged(
            f"{path} is damaged and cannot be read; restore it from a backup."
        ) from e


def save(path: Path, keyring: Keyring) -> None:
    """Replace the keyring file atomically: the old or the new one, never a mix."""
    body = _to_json(keyring)
    doc = {"coffre_keyring": FORMAT, "keyring": body, "checksum": _checksum(body)}
    atomic_write(path, json.dumps(doc, indent=2).encode() + b"\n")


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a crash at any step leaves the old file or the new one.

    Raises NotWritable if the folder cannot be written.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except PermissionError as e:
        tmp.unlink(missing_ok=True)
        raise NotWritable(f"Cannot write in {path.parent}: permission denied.") from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _checksum(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _slot_to_json(slot: Slot) -> dict:
    return {
        "kdf": "argon2id",
        "opslimit": slot.cost.opslimit,
        "memlimit": slot.cost.memlimit,
        "salt": _b64(slot.salt),
        "wrapped": _b64(slot.wrapped),
    }


def _slot_from_json(kind: str, doc: dict) -> Slot:
    if kind not in SLOT_KINDS or doc["kdf"] != "argon2id":
        raise ValueError("unknown slot")
    cost = KdfCost(opslimit=int(doc["opslimit"]), memlimit=int(doc["memlimit"]))
    if cost.opslimit < argon2id.OPSLIMIT_MIN or cost.memlimit < argon2id.MEMLIMIT_MIN:
        raise ValueError("cost below libsodium's minimum")
    return Slot(
        kind=kind,
        salt=base64.b64decode(doc["salt"], validate=True),
        cost=cost,
        wrapped=base64.b64decode(doc["wrapped"], validate=True),
    )


def _to_json(keyring: Keyring) -> dict:
    body = {
        "vault_id": keyring.vault_id,
        "slots": {k: _slot_to_json(s) for k, s in keyring.slots.items()},
    }
    if keyring.pending:
        body["pending"] = {k: _slot_to_json(s) for k, s in keyring.pending.items()}
    return body


def _from_json(body: dict) -> Keyring:
    slots = {k: _slot_from_json(k, v) for k, v in body["slots"].items()}
    pending = {k: _slot_from_json(k, v) for k, v in body.get("pending", {}).items()}
    if "passphrase" not in slots:
        raise ValueError("no passphrase slot")
    return Keyring(vault_id=str(body["vault_id"]), slots=slots, pending=pending)


def with_slot(keyring: Keyring, slot: Slot) -> Keyring:
    """A copy of `keyring` with `slot` added or replaced."""
    return replace(keyring, slots={**keyring.slots, slot.kind: slot})


def without_slot(keyring: Keyring, kind: str) -> Keyring:
    """A copy of `keyring` without the slot of that kind."""
    return replace(keyring, slots={k: s for k, s in keyring.slots.items() if k != kind})


# --- recovery codes and key files ------------------------------------------

_RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters, eight groups of four
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "-": None, " ": None})


def new_recovery_code() -> str:
    """A fresh recovery code, e.g. `ABCD-EFGH-...`, easy to write down."""
    text = base64.b32encode(secrets.token_bytes(_RECOVERY_BYTES)).decode()
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_secret(code: str) -> bytes:
    """The bytes a recovery code stands for, forgiving case, spaces, dashes and look-alikes."""
    return code.strip().upper().translate(_LOOKALIKES).encode()


def new_keyfile_content() -> bytes:
    """Content for a new key file: 256 random bits, as text so it survives copy and paste."""
    return base64.b64encode(secrets.token_bytes(32)) + b"\n"


def keyfile_secret(path: Path) -> bytes:
    """The secret held in a key file.

    Raises WrongKey if the file cannot be read.
    """
    try:
        return path.read_bytes().strip()
    except OSError as e:
        raise WrongKey(f"Cannot read the key file {path}: {e.strerror}.") from e
