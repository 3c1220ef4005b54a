"""Work longer than a request, in a thread of the server process: an import, a backup.

One job runs at a time per vault (Runtime.begin); the last one stays in the runtime
until the next begins, or the vault locks, so its page can show what it did. While it
runs, its page refreshes itself without JavaScript (`<meta refresh>`, templates/_jobs.html)
and shows a `<progress>` bar of `progress()`.
"""

from __future__ import annotations

import threading

from flask_babel import gettext as _

from web.runtime import Runtime


class Job:
    """One piece of background work: `run` in a thread, then `done` is set.

    `failed` is set when `run` raised: whatever it wrote rolled back with it (an import is
    one transaction; a backup never keeps a partial copy), and its page says so.
    """

    kind = "job"  # a word for the thread's name and for what a busy vault says

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.failed = False
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._work, name=f"coffre-{self.kind}",
                                       daemon=True)

    def start(self) -> None:
        """Begin in the background (called by Runtime.begin)."""
        self.thread.start()

    def progress(self) -> tuple[int, int]:
        """How far it is: so many units (bytes) done of so many."""
        raise NotImplementedError

    def run(self) -> None:
        """The work itself, in the job's thread."""
        raise NotImplementedError

    def _work(self) -> None:
        try:
            self.run()
        except Exception:  # locked part-way (a closed store), or broken: no thread may die
            # silently; nothing was kept, and the page says so.
            self.failed = True
        finally:
            self.done.set()


def busy(runtime: Runtime) -> str:
    """What to tell someone starting a job while another one runs."""
    if getattr(runtime.job, "kind", None) == "backup":
        return _("A backup is being made: wait for it to finish.")
    return _("An import is already running: wait for it to finish.")
