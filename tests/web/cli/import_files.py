"""Files written the way banks and shops export them, for the `coffre import` tests."""

from __future__ import annotations

from tests.vault.importers.test_amazon import EXPORT as AMAZON  # noqa: F401 (re-exported)
from tests.vault.importers.test_camt import STATEMENT as CAMT  # noqa: F401 (re-exported)
from tests.vault.importers.test_ofx import TRANSACTIONS, V1_HEADER, statement

# A French card account as a bank exports it: the account above the header, ";" between
# columns, decimal commas, Latin-1, debit and credit columns, a ";" ending every line.
TOP = "Compte courant n° 12345678901;;;;\nSolde au 30/11/2026 : 1 234,56 EUR;;;;\n;;;;\n"
HEADER = "Date;Libellé;Débit euros;Crédit euros;\n"
NOVEMBER = [
    '24/11/2026;"CB DÉCATHLON VÉNISSIEUX 24/11";45,99;;\n',
    '24/11/2026;"CB DÉCATHLON VÉNISSIEUX 24/11";45,99;;\n',  # a second, genuine purchase
    '26/11/2026;"VIR SEPA ACME SAS SALAIRE NOVEMBRE";;2 450,00;\n',
    '27/11/2026;"CB AVOIR DÉCATHLON 26/11";;45,99;\n',
    '29/11/2026;"PRLV SEPA FREE MOBILE ECH/291126";19,99;;\n',
    '30/11/2026;"CB LIBRAIRIE MOLLAT BORDEAUX 29/11";23,50;;\n',
]
LATER = [  # the next export overlaps the last two days
    '29/11/2026;"PRLV SEPA FREE MOBILE ECH/291126";19,99;;\n',
    '30/11/2026;"CB LIBRAIRIE MOLLAT BORDEAUX 29/11";23,50;;\n',
    '01/12/2026;"CB CARREFOUR MARKET LYON 01/12";54,20;;\n',
]


def card_statement(lines: list[str] = NOVEMBER) -> bytes:
    """A French card statement holding `lines`."""
    return (TOP + HEADER + "".join(lines)).encode("latin-1")


OFX = (V1_HEADER + statement("".join(TRANSACTIONS))).encode("cp1252")
GENERIC_BOM = ("\ufeffDate,Marchand,Article,Montant\r\n"
               "2026-11-02,Boulangerie Paul,Baguette,1.20\r\n"
               "2026-11-03,Fnac.com,\"Livre, poche\",8.90\r\n").encode()
