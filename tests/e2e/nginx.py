"""Helpers of the reverse-proxy test: Debian's nginx with TLS on 127.0.0.1, vaults behind it.

The nginx configuration is contrib/nginx's, with only its paths and port
changed for the test's folder; the certificates come from a CA made here (trustme).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import trustme

from tests.web.hosting.served import ROOT, coffre, environment

NGINX = "/usr/sbin/nginx"
NAMES = ("alice.home.example", "bob.home.example", "home.example")
MAIN = """user root;
daemon on;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def certificates(folder: Path) -> trustme.CA:
    """A test CA and a certificate for every test name, as contrib/nginx expects them."""
    ca = trustme.CA()
    cert = ca.issue_cert(*NAMES)
    (folder / "ssl").mkdir()
    cert.private_key_pem.write_to_path(folder / "ssl" / "home.example.key")
    cert.cert_chain_pems[0].write_to_path(folder / "ssl" / "home.example.pem")
    for pem in cert.cert_chain_pems[1:]:
        pem.write_to_path(folder / "ssl" / "home.example.pem", append=True)
    ca.cert_pem.write_to_path(folder / "ca.pem")
    return ca


def site(layout: str, folder: Path, port: int) -> str:
    """contrib/nginx/coffre-<layout>.conf for the test's folder and port."""
    text = (ROOT / "contrib" / "nginx" / f"coffre-{layout}.conf").read_text()
    proxy = ROOT / "contrib" / "nginx" / "coffre-proxy.conf"
    for old, new in (("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
                     ("/etc/ssl/coffre/", f"{folder}/ssl/"), ("/run/coffre/", f"{folder}/run/"),
                     ("/etc/nginx/coffre-proxy.conf", str(proxy))):
        assert old in text, old
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(layout: str, folder: Path, port: int) -> Iterator[None]:
    """nginx serving the layout on 127.0.0.1:`port`; stopped afterwards."""
    (folder / "site.conf").write_text(site(layout, folder, port))
    (folder / "nginx.conf").write_text(MAIN.format(tmp=folder))
    conf = str(folder / "nginx.conf")
    # With `daemon on` nginx returns once its sockets listen: no waiting needed.
    subprocess.run([NGINX, "-c", conf, "-e", str(folder / "error.log")], check=True,
                   capture_output=True, timeout=30)
    try:
        yield
    finally:
        subprocess.run([NGINX, "-c", conf, "-e", str(folder / "error.log"), "-s", "stop"],
                       check=False, capture_output=True, timeout=30)


@contextmanager
def vault(folder: Path, sock: Path, public_url: str, passphrase: str) -> Iterator[None]:
    """`coffre serve` on the Unix socket `sock`, unlocked, behind one proxy; stopped after."""
    env = environment(folder, COFFRE_PUBLIC_URL=public_url, COFFRE_PROXY_HOPS="1",
                      COFFRE_UNIX_SOCKET=str(sock), COFFRE_PASSPHRASE=passphrase)
    server = coffre("serve", env=env)
    try:
        line = server.stdout.readline()  # printed once the socket listens
        assert line.startswith("Coffre is serving"), line + server.stdout.read()
        yield
    finally:
        server.terminate()
        print(f"coffre serve for {public_url}:", server.communicate(timeout=30)[0])  # on failure


def resolving_home_example(getaddrinfo):
    """socket.getaddrinfo, with the test names on 127.0.0.1 (this process only, never DNS)."""

    def resolve(host, *args, **kwargs):
        if isinstance(host, str) and (host in NAMES or host.endswith(".home.example")):
            host = "127.0.0.1"
        return getaddrinfo(host, *args, **kwargs)

    return resolve


def free_unix_path(folder: Path, name: str) -> Path:
    """Where a vault's socket goes (Unix socket paths must stay short)."""
    path = folder / "run" / f"{name}.sock"
    path.parent.mkdir(exist_ok=True)
    assert len(str(path)) < 100, "the test folder's path is too long for a Unix socket"
    return path

