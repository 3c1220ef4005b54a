"""Settings → Backups, Forget old purchases, Delete this vault; the scheduler; the home page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.conftest import PASSPHRASE
from tests.web.helpers import csrf_token, text
from tests.web.ui.helpers import error_beside
from vault import backup, keeping, lifecycle, purchases
from vault.purchases import Item, Order

OLD = datetime(2012, 5, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def scheduler(app):
    """The scheduler of `app` (its thread is not started: tests call tick)."""
    return app.extensions["coffre_scheduler"]


def _old_order(store, when: datetime = OLD, merchant: str = "Fnac") -> int:
    return purchases.add(store, Order(merchant=merchant, channel="web", currency="EUR",
                                      ordered_at=when, items=(Item("Roman", "books", 1, 1990),)))


def _vault_folder(owner):
    return owner.application.extensions["coffre"].folder


def _plan(owner, **values):
    data = {"every_hours": "", "keep": "", "folder": "", **values}
    return owner.post("/settings/backups", data=data)


def backed_up(owner) -> str:
    """Press Back up now, wait for the background backup, and return its page."""
    response = owner.post("/settings/backups/now")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/settings/backups/job")
    job = owner.application.extensions["coffre"].job
    job.thread.join(timeout=60)
    assert job.done.is_set()
    return text(owner.get("/settings/backups/job"))


def test_the_home_page_says_never_until_a_backup_then_its_date(owner, folder, clock):
    assert "Last good backup: never." in text(owner.get("/"))

    page = backed_up(owner)

    assert "Backup made and verified" in page
    [made] = backup.backups(folder)
    assert made.at == clock.now().replace(microsecond=0)
    home = re.search(r'id="last-backup">([^<]*)<', text(owner.get("/")))[1]
    assert home.startswith("Last good backup: ") and str(clock.now().year) in home
    assert "never" not in home


def test_back_up_now_runs_in_the_background_with_a_refreshing_progress_page(app, owner,
                                                                           folder, store_of):
    rt = app.extensions["coffre"]
    size = int(store_of.value("pragma page_count")) * int(store_of.value("pragma page_size"))
    with rt.holding():  # another backup holds the vault: this one waits its turn
        response = owner.post("/settings/backups/now")
        html = text(owner.get("/settings/backups/job"))
    rt.job.thread.join(timeout=60)

    assert response.headers["Location"].endswith("/settings/backups/job")
    assert '<meta http-equiv="refresh" content="1">' in html
    assert f'<progress id="backup-progress" max="{size}" value="0">' in html
    assert "Making a backup" in html and "This page refreshes itself" in html
    assert backup.backups(folder) != []


def test_the_finished_backup_says_its_name_size_that_it_verified_and_the_last_good_one(
        owner, folder, clock):
    page = backed_up(owner)

    [made] = backup.backups(folder)
    assert 'http-equiv="refresh"' not in page and "<progress" not in page
    assert f"<code>{made.path.name}</code>" in page
    size = sum(p.stat().st_size for p in made.path.iterdir())
    assert size < 1e6  # a new vault: a few hundred kB
    assert f"<dt>Size</dt><dd>{f'{size / 1e3:.1f}'.removesuffix('.0')} kB</dd>" in page
    assert "passes its integrity checks" in page
    assert re.search(r"<dt>Last good backup</dt><dd>[^<]*" + str(clock.now().year), page)


def test_the_backup_page_in_french(owner, folder):
    owner.post("/language", data={"language": "fr", "next": "/"})

    page = backed_up(owner)

    assert "Sauvegarde faite et vérifiée" in page
    assert re.search(r"<dd>\d+(,\d)?\s(ko|Mo)</dd>", page)


def test_one_background_job_at_a_time(app, owner, folder):
    rt = app.extensions["coffre"]
    with rt.holding():
        owner.post("/settings/backups/now")
        second = owner.post("/settings/backups/now")
        page = text(owner.get(second.headers["Location"]))
    rt.job.thread.join(timeout=60)

    assert second.headers["Location"].endswith("/settings/backups")
    assert "A backup is being made: wait for it to finish." in page
    assert len(backup.backups(folder)) == 1


def test_without_a_backup_under_way_the_job_page_sends_to_the_backups(owner):
    response = owner.get("/settings/backups/job")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/settings/backups")


def test_the_home_page_in_french_uses_french_dates(owner, store_of):
    owner.post("/language", data={"language": "fr", "next": "/"})
    assert "Dernière sauvegarde réussie : jamais." in text(owner.get("/"))
    backup.create(store_of, _vault_folder(owner), now=datetime(2026, 3, 14, 10, 30, tzinfo=UTC))
    assert re.search(r"Dernière sauvegarde réussie : 14 mars 2026", text(owner.get("/")))


def test_the_backup_button_needs_the_csrf_token(csrf_owner):
    app, client = csrf_owner
    folder = app.extensions["coffre"].folder
    assert client.post("/settings/backups/now").status_code == 400
    assert backup.all_backups(folder) == []
    token = csrf_token(client, "/settings")
    assert client.post("/settings/backups/now", data={"csrf_token": token}).status_code == 302
    app.extensions["coffre"].job.thread.join(timeout=60)
    assert len(backup.all_backups(folder)) == 1


def test_a_backup_folder_missing_its_disk_is_said_on_the_page(owner, store_of, tmp_path):
    assert _plan(owner, folder=str(tmp_path / "usb" / "coffre")).status_code == 302
    page = backed_up(owner)
    assert "The backup could not be made: Cannot write in the backup folder" in page
    assert "No partial copy was kept" in page and "Last good backup: never." in page
    assert not (tmp_path / "usb").exists()


def test_the_plan_is_off_and_nothing_ticked_until_chosen(owner, store_of):
    page = text(owner.get("/settings/backups"))
    assert keeping.load(store_of) == keeping.Plan()
    assert "checked" not in page
    assert re.search(r'<option selected value="">Never', page)


def test_a_bad_plan_is_refused_beside_its_field(owner, store_of):
    response = _plan(owner, every_hours="24", folder="relative/path")
    assert response.status_code == 422
    assert "full path of a folder" in error_beside(response, "folder")
    assert keeping.load(store_of) == keeping.Plan()


def test_scheduled_backups_follow_the_interval_and_keep_the_newest(owner, store_of, scheduler,
                                                                   clock, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    assert _plan(owner, every_hours="24", keep="2", folder=str(disk)).status_code == 302

    assert scheduler.tick() == ["backup"]
    assert scheduler.tick() == []  # not due again yet
    clock.advance(hours=23)
    assert scheduler.tick() == []
    for _ in range(3):
        clock.advance(hours=25)
        assert scheduler.tick() == ["backup"]

    kept = backup.backups(_vault_folder(owner), into=disk)
    assert len(kept) == 2 and kept[-1].at == clock.now().replace(microsecond=0)


def test_nothing_runs_while_the_vault_is_locked(app, owner, scheduler, clock, folder):
    store = app.extensions["coffre"].require()
    keeping.save(store, keeping.Plan(every_hours=6, retention_years=1))
    _old_order(store)
    app.extensions["coffre"].lock()
    clock.advance(days=3)

    assert scheduler.tick() == []

    assert backup.all_backups(folder) == []
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert purchases.count(store) == 1
    store.close()


def test_the_background_thread_makes_the_backup_when_woken(owner, store_of, scheduler, folder):
    keeping.save(store_of, keeping.Plan(every_hours=24))
    scheduler.start(every=3600)
    try:
        scheduler.wake()
        assert scheduler.wait_rounds(1, timeout=30)
    finally:
        scheduler.stop()
    assert len(backup.all_backups(folder)) == 1


def test_the_retention_rule_is_off_by_default(owner, store_of):
    page = text(owner.get("/settings/retention"))
    assert "You have no rule: Coffre keeps all your purchases." in page
    assert keeping.load(store_of).retention_years is None


def test_saving_a_rule_shows_what_would_go_then_forgets_it_once_confirmed(owner, store_of):
    _old_order(store_of)
    recent = _old_order(store_of, datetime(2025, 1, 5, tzinfo=UTC), "Darty")

    asked = owner.post("/settings/retention", data={"retention_years": "5"})

    page = text(asked)
    assert asked.status_code == 200
    assert "Fnac" in page and "Darty" not in page
    assert "Forget 1 purchase and keep the rule" in page
    assert purchases.count(store_of) == 2 and keeping.load(store_of).retention_years is None

    done = owner.post("/settings/retention", data={"retention_years": "5", "confirmed": "yes"})

    assert done.status_code == 302
    assert [o.id for o in purchases.search(store_of)[0]] == [recent]
    assert keeping.load(store_of).retention_years == 5
    assert "1 purchase was forgotten" in text(owner.get("/settings/retention"))


def test_the_rule_is_applied_daily_by_the_scheduler(owner, store_of, scheduler, clock):
    keeping.save(store_of, keeping.Plan(retention_years=3))
    assert scheduler.tick() == ["retention"]
    _old_order(store_of)
    assert scheduler.tick() == []  # once a day
    clock.advance(days=1)
    assert scheduler.tick() == ["retention"]
    assert purchases.count(store_of) == 0


def test_the_dry_run_page_lists_and_changes_nothing(owner, store_of):
    _old_order(store_of)
    keeping.save(store_of, keeping.Plan(retention_years=10))
    page = text(owner.get("/settings/retention"))
    assert "1 purchase made before" in page and "Fnac" in page
    assert purchases.count(store_of) == 1


def test_the_destroy_page_says_the_name_to_type_and_where_backups_stay(owner, store_of,
                                                                     tmp_path):
    elsewhere = tmp_path / "usb"
    keeping.save(store_of, keeping.Plan(folder=elsewhere))
    elsewhere.mkdir()
    backup.create(store_of, _vault_folder(owner), now=OLD, into=elsewhere)
    page = text(owner.get("/settings/destroy"))
    assert "To confirm, type the vault's name: vault" in page
    assert f"1 backup in {elsewhere} is not touched" in page


def test_a_wrong_name_keeps_the_vault(owner, folder):
    response = owner.post("/settings/destroy", data={"name": "coffre"})
    assert response.status_code == 422
    assert "exactly: vault" in error_beside(response, "name")
    assert lifecycle.exists(folder)


def test_destroy_erases_the_vault_and_starts_afresh(app, owner, folder, store_of):
    backup.create(store_of, folder, now=OLD)

    response = owner.post("/settings/destroy", data={"name": "vault"})

    assert response.status_code == 302 and response.location.endswith("/setup")
    assert not folder.exists()
    assert not app.extensions["coffre"].unlocked
    assert "Your vault is deleted." in text(owner.get("/setup"))


def test_a_failed_scheduled_backup_is_shown_and_retried_within_the_hour(owner, store_of,
                                                                         scheduler, clock,
                                                                         tmp_path):
    disk = tmp_path / "usb"
    keeping.save(store_of, keeping.Plan(every_hours=24, folder=disk / "coffre"))

    assert scheduler.tick() == []
    assert "The last automatic backup failed" in text(owner.get("/settings/backups"))
    disk.mkdir()  # the disk is plugged in
    clock.advance(minutes=30)
    assert scheduler.tick() == []  # not retried at every round
    clock.advance(minutes=31)
    assert scheduler.tick() == ["backup"]
    assert "failed" not in text(owner.get("/settings/backups"))


def test_emptying_the_years_turns_the_rule_off(owner, store_of):
    keeping.save(store_of, keeping.Plan(retention_years=5))
    response = owner.post("/settings/retention", data={"retention_years": ""})
    assert response.status_code == 302
    assert keeping.load(store_of).retention_years is None
    assert "no rule forgets them" in text(owner.get("/settings/retention"))
