"""Place names that bank labels append to a shop's name, folded (see merchants.fold).

French cities (the largest ones and those of the Lyon and Paris areas, where labels
often name a suburb), Paris landmarks that name a shop, and a few cities abroad.
A label "LIBRAIRIE DU PARC LYON" names the shop "Librairie du Parc".
"""

from __future__ import annotations

CITIES = frozenset({
    "PARIS", "MARSEILLE", "LYON", "TOULOUSE", "NICE", "NANTES", "MONTPELLIER", "STRASBOURG",
    "BORDEAUX", "LILLE", "RENNES", "TOULON", "REIMS", "SAINT ETIENNE", "ST ETIENNE",
    "LE HAVRE", "GRENOBLE", "DIJON", "ANGERS", "NIMES", "VILLEURBANNE", "CLERMONT FERRAND",
    "CLERMONT FD", "LE MANS", "AIX EN PROVENCE", "BREST", "TOURS", "AMIENS", "LIMOGES",
    "ANNECY", "PERPIGNAN", "BOULOGNE BILLANCOURT", "METZ", "BESANCON", "ORLEANS", "ROUEN",
    "MULHOUSE", "CAEN", "NANCY", "ARGENTEUIL", "SAINT DENIS", "ST DENIS", "MONTREUIL",
    "ROUBAIX", "TOURCOING", "NANTERRE", "AVIGNON", "VITRY SUR SEINE", "CRETEIL", "POITIERS",
    "VERSAILLES", "COLOMBES", "PAU", "LA ROCHELLE", "CALAIS", "CANNES", "ANTIBES", "BAYONNE",
    "VENISSIEUX", "VAULX EN VELIN", "BRON", "CALUIRE", "OULLINS", "DECINES", "ECULLY",
    "LA DEFENSE", "ISSY LES MOULINEAUX", "LEVALLOIS", "NEUILLY", "VINCENNES", "IVRY",
    "BELLECOUR", "PART DIEU", "CONFLUENCE", "CHATELET", "LES HALLES", "MONTPARNASSE",
    "SAINT LAZARE", "ST LAZARE", "GARE DE LYON", "OPERA",
    "LONDON", "BRUXELLES", "BRUSSELS", "GENEVE", "GENEVA", "LUXEMBOURG", "DUBLIN",
    "AMSTERDAM", "BERLIN", "MADRID", "BARCELONA", "ROMA", "MILANO",
})
