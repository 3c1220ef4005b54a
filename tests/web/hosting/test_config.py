"""Configuration in layers: defaults, a TOML file, COFFRE_* variables, options; bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import app_config
from tests.web.cli.helpers import coffre
from web import config, create_app, settings
from web.errors import ConfigInvalid

DOC = Path(__file__).parents[3] / "docs" / "hosting.md"


def toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "coffre.toml"
    path.write_text(text)
    return path


def test_each_layer_wins_over_the_one_before(tmp_path, monkeypatch):
    file = toml(tmp_path, 'threads = 2\nproxy_hops = 1\npublic_url = "https://v.example/"\n')
    monkeypatch.setenv("COFFRE_THREADS", "3")

    loaded = config.load(file=file, options={"THREADS": 4, "PORT": None})

    assert (loaded["THREADS"], loaded["PROXY_HOPS"], loaded["PORT"]) == (4, 1, 8700)
    assert loaded["PUBLIC_URL"] == "https://v.example"
    assert loaded["CONFIG_SOURCES"] == {"THREADS": "option --threads",
                                        "PROXY_HOPS": f"file {file}",
                                        "PUBLIC_URL": f"file {file}"}


def test_the_file_is_found_through_coffre_config(tmp_path, monkeypatch):
    monkeypatch.setenv("COFFRE_CONFIG", str(toml(tmp_path, "idle_exit_minutes = 10\n")))

    assert config.load()["IDLE_EXIT_MINUTES"] == 10


@pytest.mark.parametrize("text, says", [
    ("proxy_hop = 1\n", "unknown key 'proxy_hop'"),
    ('proxy_hops = "1"\n', "proxy_hops must be a whole number, not '1'"),
    ("threads = true\n", "threads must be a whole number, not True"),
    ("threads = 0\n", "threads must be at least 1"),
    ('public_url = "vault.example"\n', "public_url must be an absolute http:// or https://"),
    ('public_url = "/alice"\n', "public_url must be an absolute"),
    ('public_url = "ftp://vault.example"\n', "public_url must be an absolute"),
    ('public_url = "https://vault.example/?a=1"\n', "public_url must have no query"),
    ("threads = [\n", "not valid TOML"),
])
def test_a_bad_file_names_the_key_and_the_file(tmp_path, text, says):
    file = toml(tmp_path, text)

    with pytest.raises(ConfigInvalid) as caught:
        config.load(file=file)

    [problem] = caught.value.problems
    assert problem.startswith(f"file {file}: ") and says in problem


def test_a_bad_variable_is_named_without_showing_a_secret(monkeypatch):
    monkeypatch.setenv("COFFRE_PROXY_HOPS", "two")
    monkeypatch.setenv("COFFRE_INSECURE_PLAIN_HTTP", "maybe")

    with pytest.raises(ConfigInvalid) as caught:
        config.load()

    assert caught.value.problems == [
        "environment COFFRE_PROXY_HOPS: proxy_hops must be a whole number, not 'two'.",
        "environment COFFRE_INSECURE_PLAIN_HTTP: insecure_plain_http must be true or false,"
        " not 'maybe'."]


def test_the_server_does_not_start_on_a_bad_file(vault_folder, tmp_path):
    file = toml(tmp_path, "port = 8700\nlisten = '0.0.0.0'\n")

    result = coffre(vault_folder, "serve", "--config", str(file))

    assert result.exit_code == 1 and "Coffre is serving" not in result.output
    assert f"file {file}: unknown key 'listen'" in result.output


def test_systemd_passes_the_key_file_as_a_credential(tmp_path, monkeypatch):
    (tmp_path / "keyfile").write_bytes(b"k")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))

    loaded = config.load()

    assert loaded["KEYFILE"] == tmp_path / "keyfile"
    assert loaded["CONFIG_SOURCES"]["KEYFILE"] == "systemd credential keyfile"


def test_an_https_public_url_makes_the_session_cookie_secure(folder):
    app = create_app(app_config(folder, PUBLIC_URL="https://alice.home.example"))

    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["TRUSTED_HOSTS"] == ["alice.home.example"]


def test_config_check_prints_the_effective_values_and_hides_secrets(vault_folder, tmp_path):
    file = toml(tmp_path, 'public_url = "https://alice.home.example"\nproxy_hops = 1\n'
                          'secret_key = "do-not-print-me"\n')

    result = coffre(vault_folder, "config", "check", "--config", str(file))

    assert result.exit_code == 0, result.output
    assert "public_url           https://alice.home.example  (file " in result.output
    assert "do-not-print-me" not in result.output and "secret_key           (set)" in result.output
    assert "OK: coffre serve would start" in result.output


def test_config_check_says_what_would_stop_the_server(vault_folder, tmp_path):
    file = toml(tmp_path, 'public_url = "http://vault.home.example"\nunix_socket = "/run/x"\n')

    result = coffre(vault_folder, "config", "check", "--config", str(file))

    assert result.exit_code == 1
    assert "coffre serve would refuse to start" in result.output
    assert "Refusing to serve plain HTTP beyond this machine (http://vault.home.example)" \
        in result.output


def test_the_hosting_doc_holds_the_table_of_settings():
    table = settings.markdown(config.DEFAULTS)

    assert table in DOC.read_text(), (
        "docs/hosting.md's table of settings is stale; print the new one with: python -c "
        "'from web import config, settings; print(settings.markdown(config.DEFAULTS))'")
