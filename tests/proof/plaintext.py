"""Plaintext: after a whole run of the product, no personal string is anywhere on disk in clear.

The run is a list of steps (STEPS: add yours) played against `coffre serve`
with its TMPDIR set to a folder of the campaign's own: the consumer signs in
and fills its profile, adds a purchase and an intent, uploads files of every
format we read, a brand goes through OAuth, reads and writes through the API,
sends offers, and the consumer makes backups (from the page and `coffre
backup`) and restores one (`coffre restore`). Meanwhile a sampler reads every
file the server holds open outside the vault folder (through /proc/PID/fd,
so even a deleted temporary file is read). Afterwards every file under the
vault folder, its backups, the restored copy, the temporary folder and every
output of the server and the commands is searched for each known personal
string (the demo consumer's, ours, the passphrase, the tokens), as UTF-8,
UTF-16 and JSON-escaped text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, quote_plus, urlencode, urlsplit

from tests.conftest import PASSPHRASE
from tests.proof import harness
from tests.proof.result import Result
from vault.scopes import SCOPES

# What the demo consumer is (vault/demo.py) and what this run types in: all must stay encrypted.
PERSONAL = ["Camille", "camille.martin@example.org", "+33612345678", "12 rue des Lilas",
            "FNAC-0042-7781", "Architecte", "Quintavalle", "Zéphyrine",
            "zephyrine.quintavalle@example.org", "+33612349876", "Mimosas-Pourpres",
            "Brûlerie Xylophage", "Cafetière Quokka", "Torréfacteur Ornithorynque",
            "Vélo-cargo Wombat", "Grille-pain Axolotl", "Moulin Capybara", "Théière Okapi",
            "ORD-QUOKKA-7731", PASSPHRASE]
REDIRECT = "https://brand.example/cb"
CLI = "from web.cli import main; main()"


@dataclass
class Run:
    """What the steps share: the served vault, the consumer's browser, what to look for."""

    work: Path
    folder: Path
    served: harness.Served
    consumer: harness.Browser
    brand: harness.Brand
    tmp: Path
    env: dict[str, str]
    needles: list[str] = field(default_factory=lambda: list(PERSONAL))
    roots: list[Path] = field(default_factory=list)  # more folders to scan (backups, restores)
    outputs: list[Path] = field(default_factory=list)  # what commands printed

    def csrf(self, path: str) -> str:
        _, page = self.consumer.request("GET", path)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def post(self, path: str, form: dict[str, str | list[str]]) -> str:
        """Post `form` (with a CSRF token from `path`) to `path`; where it redirects."""
        body = urlencode({"csrf_token": self.csrf(path), **form}, doseq=True).encode()
        cookies = "; ".join(f"{k}={v}" for k, v in self.consumer.cookies.items())
        self.consumer.conn.request("POST", path, body=body, headers={
            "Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"})
        response = self.consumer.conn.getresponse()
        response.read()
        return response.getheader("Location") or ""

    def submit(self, page: str, form: dict[str, str], action: str | None = None) -> None:
        status = self.consumer.submit(page, form, action)
        if status not in (200, 302, 303):
            raise RuntimeError(f"{action or page} answered {status}")

    def command(self, *args: str) -> str:
        """Run `coffre` with the server's environment; its output is kept and scanned."""
        done = subprocess.run([sys.executable, "-c", CLI, "--vault", str(self.folder), *args],
                              env={**self.env, "COFFRE_PASSPHRASE": PASSPHRASE},
                              capture_output=True, text=True, check=False, timeout=120)
        out = self.work / f"command-{len(self.outputs)}.log"
        out.write_text(done.stdout + done.stderr, encoding="utf-8")
        self.outputs.append(out)
        if done.returncode:
            raise RuntimeError(f"coffre {args[0]} failed: {done.stderr[-300:]}")
        return done.stdout


def every_page(run: Run) -> None:
    """The consumer reads every page of the navigation."""
    for path in ("/", "/profile", "/purchases", "/insights", "/intents", "/preferences",
                 "/offers/", "/offers/pressure", "/access/", "/access/activity", "/settings",
                 "/settings/backups", "/purchases/imports/new", "/purchases/imports"):
        status, _ = run.consumer.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")


def profile(run: Run) -> None:
    """The consumer's own name, e-mail, phone and address."""
    run.submit("/profile", {"identity-given_name": "Zéphyrine", "identity-family_name":
                            "Quintavalle", "identity-gender": "", "identity-income_band": "",
                            "identity-language": "fr"}, "/profile/identity")
    run.submit("/profile", {"emails-address": "zephyrine.quintavalle@example.org",
                            "emails-label": "perso"}, "/profile/emails")
    run.submit("/profile", {"phones-number": "+33 6 12 34 98 76"}, "/profile/phones")
    run.submit("/profile", {"addresses-line1": "3 allée des Mimosas-Pourpres",
                            "addresses-postcode": "13001", "addresses-city": "Marseille",
                            "addresses-country": "FR"}, "/profile/addresses")


def purchase_and_intent(run: Run) -> None:
    """A purchase typed by hand and an intent."""
    run.submit("/purchases/new", {
        "merchant": "Brûlerie Xylophage", "day": "2025-03-01", "tz": "Europe/Paris",
        "channel": "store", "currency": "EUR", "items-0-name": "Cafetière Quokka",
        "items-0-category": "09.7.1", "items-0-quantity": "1", "items-0-unit_price": "39.00",
        "save": "1"})
    run.submit("/intents", {"description": "Vélo-cargo Wombat", "category": "bicycles",
                            "currency": "EUR"})


def upload(run: Run, name: str, content: bytes) -> None:
    """Import one file through Purchases → Import, as the browser would (multipart upload,
    preview, import), and wait for the background import's page to say it is done."""
    token = run.csrf("/purchases/imports/new")
    body = (f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--B\r\nContent-Disposition: form-data; name="format"\r\n\r\nauto\r\n'
            f'--B\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n--B--\r\n"
    cookies = "; ".join(f"{k}={v}" for k, v in run.consumer.cookies.items())
    status, answer = harness.call(run.consumer.conn, "POST", "/purchases/imports/new",
                                  body=body, headers={
                                      "Content-Type": "multipart/form-data; boundary=B",
                                      "Cookie": cookies})
    if status != 302:
        raise RuntimeError(f"upload of {name} answered {status}: {answer[:300]!r}")
    if not run.post("/purchases/imports/preview", {"start": "1"}).endswith("/imports/job"):
        raise RuntimeError(f"the import of {name} did not start")
    deadline = time.monotonic() + 120  # the import runs in the background: its page says when
    while f"{name} is imported" not in run.consumer.request("GET", "/purchases/imports/job")[1]:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the import of {name} did not finish")


def imports(run: Run) -> None:
    """Our own CSV and JSON formats (other formats: add a step per reader)."""
    csv = ("merchant,merchant_order_id,ordered_at,tz,channel,currency,item_name,item_brand,"
           "item_category,quantity,unit_price\nTorréfacteur Ornithorynque,ORD-QUOKKA-7731,"
           "2025-02-01T10:00:00+01:00,Europe/Paris,web,EUR,Grille-pain Axolotl,,09.7.1,1,"
           "24.90\n")
    upload(run, "achats.csv", csv.encode())
    document = {"format": "coffre-purchases", "version": 1, "orders": [{
        "merchant": "Torréfacteur Ornithorynque", "ordered_at": "2025-02-03T10:00:00+01:00",
        "channel": "web", "currency": "EUR",
        "items": [{"name": "Moulin Capybara", "category": "09.7.1", "quantity": 1,
                   "unit_price": "12.00"}]}]}
    upload(run, "achats.json", json.dumps(document, ensure_ascii=False).encode())


def oauth(run: Run) -> None:
    """A brand's whole OAuth flow: consent, code, tokens, refresh; the tokens join the needles."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode()
    path = "/oauth/authorize?" + urlencode({
        "response_type": "code", "client_id": run.brand.client_id, "redirect_uri": REDIRECT,
        "scope": " ".join(SCOPES), "state": "plaintext", "code_challenge": challenge.rstrip("="),
        "code_challenge_method": "S256"})
    location = run.post(path, {"allow": "1", "allow_scope": list(SCOPES), "duration": "30d"})
    code = parse_qs(urlsplit(location).query)["code"][0]
    basic = base64.b64encode(f"{run.brand.client_id}:{run.brand.secret}".encode()).decode()
    answer = _token_call(run, basic, {"grant_type": "authorization_code", "code": code,
                                      "redirect_uri": REDIRECT, "code_verifier": verifier})
    refreshed = _token_call(run, basic, {"grant_type": "refresh_token",
                                         "refresh_token": answer["refresh_token"]})
    conn = run.served.connection()
    status, body = harness.call(conn, "GET", "/api/v1/profile",
                                token=refreshed["access_token"])
    if status != 200 or b"Quintavalle" not in body:
        raise RuntimeError(f"the profile read after OAuth answered {status}")
    run.needles += [code, verifier, answer["access_token"], answer["refresh_token"],
                    refreshed["access_token"], refreshed["refresh_token"], run.brand.secret,
                    run.brand.token]


def _token_call(run: Run, basic: str, form: dict[str, str]) -> dict:
    conn = run.served.connection()
    status, body = harness.call(conn, "POST", "/oauth/token", body=urlencode(form).encode(),
                                headers={"Authorization": f"Basic {basic}",
                                         "Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise RuntimeError(f"the token endpoint answered {status}: {body[:200]!r}")
    return json.loads(body)


def api(run: Run) -> None:
    """Reads and writes through the brand API with a token holding every scope."""
    conn = run.served.connection()
    for path in ("/api/v1/profile", "/api/v1/purchases?limit=50", "/api/v1/purchases/summary",
                 "/api/v1/preferences", "/api/v1/intents", "/api/v1/grant",
                 "/api/v1/purchases?merchant=Xylophage"):
        status, _ = harness.call(conn, "GET", path, token=run.brand.token)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    for path, body in (("/api/v1/purchases", {
            "merchant_order_id": "PUSH-1", "ordered_at": "2025-03-02T09:00:00+01:00",
            "currency": "EUR", "channel": "web", "items": [{
                "name": "Théière Okapi", "quantity": 1, "unit_price": "18.00",
                "category": "05.4.0"}]}),
            ("/api/v1/offers", {"brand": run.brand.name, "title": "Un roman", "category": "books",
                                "channel": "email", "language": "fr", "price": "9.90",
                                "currency": "EUR", "valid_until": "2099-01-01T00:00:00Z"})):
        status, answer = harness.call(conn, "POST", path, token=run.brand.token, body=body)
        if status != 201:
            raise RuntimeError(f"POST {path} answered {status}: {answer[:200]!r}")


def backups(run: Run) -> None:
    """A backup from the settings page, one with `coffre backup`, and a restore of it."""
    run.submit("/settings/backups", {}, "/settings/backups/now")
    deadline = time.monotonic() + 120  # the backup runs in the background: its page says when
    while "Backup made and verified" not in run.consumer.request("GET",
                                                                 "/settings/backups/job")[1]:
        if time.monotonic() > deadline:
            raise RuntimeError("the backup from the settings page did not finish")
    elsewhere = run.work / "backups-elsewhere"
    run.command("backup", str(elsewhere))
    run.roots.append(elsewhere)
    copy = max(p for p in elsewhere.iterdir() if p.is_dir())
    restored = run.work / "restored"
    run.command("restore", str(copy), "--to", str(restored))
    run.roots.append(restored)


# The end-to-end run, in order; each step is (what it does, the function doing it).
STEPS: list[tuple[str, Callable[[Run], None]]] = [
    ("every page", every_page), ("profile", profile), ("purchase and intent", purchase_and_intent),
    ("imports", imports), ("OAuth", oauth), ("API", api), ("backups and restore", backups),
    ("every page again", every_page),
]


class Sampler(threading.Thread):
    """Reads, every few milliseconds, each regular file the server holds open outside `folder`."""

    def __init__(self, pid: int, folder: Path, needles: list[str]):
        super().__init__(daemon=True)
        self.pid, self.folder, self.needles = pid, folder.resolve(), needles
        self.seen: set[str] = set()  # every file outside the vault folder held open
        self.read: set[tuple] = set()  # (file, size, change time) already searched
        self.hits: list[str] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.005):
            try:
                fds = os.listdir(f"/proc/{self.pid}/fd")
            except OSError:
                return
            for fd in fds:
                self._look(fd)

    def _look(self, fd: str) -> None:
        try:
            target = os.readlink(f"/proc/{self.pid}/fd/{fd}")
        except OSError:
            return
        if not target.startswith("/") or target.startswith(("/dev/", "/proc/")) \
                or Path(target.removesuffix(" (deleted)")).is_relative_to(self.folder):
            return
        self.seen.add(target)
        try:
            with open(f"/proc/{self.pid}/fd/{fd}", "rb") as held:
                facts = os.fstat(held.fileno())
                version = (target, facts.st_size, facts.st_mtime_ns)
                if version in self.read:
                    return  # unchanged since last read (the locale data of Babel, say)
                self.read.add(version)
                data = held.read(64 << 20)
        except OSError:
            return
        self.hits += [f"{target} (held open): {label}" for label in found(data, self.needles)]


def variants(needle: str) -> list[bytes]:
    """How a string may lie in a file: UTF-8, UTF-16, JSON-escaped, form- and URL-encoded,
    and, for one with letters beyond ASCII, its longest ASCII word if long (the rest
    escaped some other way).

    A string all of ASCII is never cut into its words: one of them alone ("correct", of
    the test passphrase) lies in files that hold no secret (Python's own bytecode).
    """
    forms = {needle.encode(), needle.encode("utf-16-le"), json.dumps(needle).strip('"').encode(),
             quote_plus(needle).encode(), quote(needle).encode()}
    if not needle.isascii():
        ascii_part = max(re.split(r"[^\x21-\x7e]+", needle), key=len)
        if len(ascii_part) >= 6:
            forms.add(ascii_part.encode())
    return sorted(forms)


def found(data: bytes, needles: list[str]) -> list[str]:
    """Which needles are in `data`, each named by its first letters only."""
    return [f"{n[:3]}… ({len(n)} characters)" for n in needles
            if any(v in data for v in variants(n))]


def scan(roots: list[Path], needles: list[str]) -> tuple[int, list[str]]:
    """Every file under `roots` searched for every needle: files read, hits."""
    files, hits = 0, []
    for root in roots:
        for path in ([root] if root.is_file() else sorted(root.rglob("*"))):
            if path.is_file():
                files += 1
                hits += [f"{path}: {label}" for label in found(path.read_bytes(), needles)]
    return files, hits


def run(work: Path, *, long: bool) -> Result:
    """The campaign: every step, then the scan. The short form plays the same steps."""
    result = Result("plaintext", cases=len(STEPS))
    folder, tmp = work / "plain-vault", work / "tmp"
    tmp.mkdir()
    [brand] = harness.build(folder, brand_count=1, scopes=frozenset(SCOPES),
                            orders=200 if long else 30)
    timings: list[str] = []
    control = json.dumps({"n": PERSONAL[7]}).encode() + PERSONAL[6].encode("utf-16-le")
    if len(found(control, PERSONAL)) != 2:
        result.fail("the search misses strings it was shown (JSON-escaped, UTF-16)")
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop("COFFRE_PASSPHRASE", None)
    with harness.serve(folder, work, env={"TMPDIR": str(tmp)}) as served:
        consumer = harness.Browser(served.port)
        if consumer.passphrase("/sign-in", PASSPHRASE) != 302:
            raise RuntimeError("the consumer could not sign in")
        state = Run(work, folder, served, consumer, brand, tmp, env)
        sampler = Sampler(served.process.pid, folder, state.needles)
        sampler.start()
        try:
            for name, step in STEPS:
                started = time.monotonic()
                try:
                    step(state)
                except (RuntimeError, OSError, KeyError) as error:
                    result.fail(f"step {name}: {error}")
                timings.append(f"{name} {time.monotonic() - started:.1f} s")
        finally:
            sampler.done.set()
            sampler.join()
    files, hits = scan([folder, tmp, served.output, *state.roots, *state.outputs],
                       state.needles)
    hits += sampler.hits
    result.plaintext_hits = len(hits)
    for hit in hits:
        result.fail(f"in clear: {hit}")
    result.details.append(f"{len(STEPS)} steps; {files} files scanned for {len(state.needles)}"
                          f" personal strings; {len(sampler.seen)} files held open outside the"
                          f" vault: {', '.join(sorted(sampler.seen)[:5]) or 'none'}")
    result.details.append("steps: " + ", ".join(timings))
    return result
