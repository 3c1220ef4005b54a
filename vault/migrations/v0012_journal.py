"""How far each journal of access events was folded into the log (vault.journal).

An open vault appends the brand API's access events to an encrypted journal file beside
the database, and folds them into `access_log` and the transparency log in batches. Each
fold records, in its own transaction, the number of the last entry it folded, so a journal
left by a killed server is replayed from there, never twice.
"""

STEPS = [
    "create table journal_marks (journal text primary key, folded integer not null)",
]
