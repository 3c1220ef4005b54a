"""`coffre export` and `coffre sql`: everything out, and read-only SQL, from a terminal."""

from __future__ import annotations

import csv
import io
import json
import stat
import zipfile

import pytest

from tests.web.cli.helpers import coffre, opened
from tests.web.cli.helpers import snapshot as files_of
from vault import profile


@pytest.fixture
def filled(vault_folder):
    """A vault holding two e-mail addresses."""
    with opened(vault_folder) as store:
        profile.add_email(store, "camille@example.org", label="perso")
        profile.add_email(store, "c.martin@example.com", label="travail")
    return vault_folder


@pytest.mark.parametrize(("name", "suffix"), [("json", "json"), ("csv", "zip"),
                                              ("jsonld", "jsonld")])
def test_export_writes_the_file_for_its_owner_only(filled, tmp_path, name, suffix):
    out = tmp_path / f"export.{suffix}"

    result = coffre(filled, "export", str(out), "--format", name)

    assert result.exit_code == 0, result.output
    assert "not encrypted" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    if name == "csv":
        assert "profile_emails.csv" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    else:
        assert b"camille@example.org" in data and json.loads(data)


def test_export_refuses_to_overwrite_a_file(filled, tmp_path):
    out = tmp_path / "mine.json"
    out.write_text("keep me")

    result = coffre(filled, "export", str(out))

    assert result.exit_code == 1 and "exists already" in result.output
    assert out.read_text() == "keep me"


def test_a_wrong_passphrase_leaves_no_file_behind(filled, tmp_path):
    out = tmp_path / "export.json"
    result = coffre(filled, "export", str(out), passphrase="not the passphrase at all")
    assert result.exit_code == 1 and not out.exists()


def test_sql_prints_an_aligned_table_with_a_row_count(filled):
    result = coffre(filled, "sql", "select address, label, is_primary from profile_emails"
                                   " order by id")

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "address               label    is_primary",
        "--------------------  -------  ----------",
        "camille@example.org   perso             1",
        "c.martin@example.com  travail           0",
        "(2 rows)",
    ]


def test_sql_prints_csv_or_json_on_request(filled):
    query = "select address, label from profile_emails order by id"

    as_csv = coffre(filled, "sql", query, "--csv").output
    as_json = coffre(filled, "sql", query, "--json").output

    assert list(csv.reader(io.StringIO(as_csv))) == [
        ["address", "label"], ["camille@example.org", "perso"], ["c.martin@example.com", "travail"]]
    assert json.loads(as_json) == [{"address": "camille@example.org", "label": "perso"},
                                   {"address": "c.martin@example.com", "label": "travail"}]
    both = coffre(filled, "sql", query, "--csv", "--json")
    assert both.exit_code == 2 and "not both" in both.output


@pytest.mark.parametrize("statement", ["delete from profile_emails",
                                       "attach database 'copy.db' as copy",
                                       "pragma user_version = 1"])
def test_sql_refuses_a_change_with_a_clear_message_and_changes_nothing(filled, statement):
    with opened(filled) as store:
        before = store.all("select * from profile_emails")
    files = files_of(filled)

    result = coffre(filled, "sql", statement)

    assert result.exit_code == 1 and "coffre sql only reads" in result.output
    assert "Traceback" not in result.output
    with opened(filled) as store:
        assert [tuple(r) for r in store.all("select * from profile_emails")] == [
            tuple(r) for r in before]
        assert store.schema_version > 1
    assert set(files_of(filled)) == set(files)
