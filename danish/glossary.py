"""English words of the material's field (housing, law, municipalities) and their Danish counterparts.

Two uses: an English question is searched in BM25 with the Danish words of its terms too (BM25 knows no
English), and an English question that uses none of these terms is not about the material at all
("Tell me a joke", "What is the weather tomorrow?"). Longer phrases are matched first.
"""

from __future__ import annotations

import re
from functools import lru_cache

ENGLISH_TO_DANISH = {
    "social housing": "almene boliger", "public housing": "almene boliger", "housing organisation": "boligorganisation",
    "housing organization": "boligorganisation", "housing association": "boligorganisation", "housing area": "boligområde",
    "vulnerable": "udsat udsatte", "deprived": "udsat", "ghetto": "ghettoområde", "parallel society": "parallelsamfund",
    "transformation area": "omdannelsesområde", "prevention area": "forebyggelsesområde", "development plan": "udviklingsplan",
    "building fund": "landsbyggefonden", "landsbyggefonden": "landsbyggefonden", "municipal": "kommunal kommunalbestyrelsen",
    "municipality": "kommune kommunalbestyrelsen", "municipalities": "kommuner", "council": "kommunalbestyrelse",
    "minister": "minister", "ministry": "ministeriet", "board": "bestyrelse", "chair": "formand", "chairman": "formand",
    "director": "direktør", "tenant": "lejer", "tenants": "lejere", "landlord": "udlejer", "rent": "leje husleje",
    "rent act": "lejeloven", "lease": "lejeaftale", "deposit": "depositum", "prepaid": "forudbetalt", "notice": "opsigelse varsel",
    "terminate": "opsige", "termination": "opsigelse", "evict": "ophæve", "sublet": "fremleje", "sublease": "fremleje",
    "waiting list": "venteliste", "waiting": "venteliste", "apartment": "lejlighed", "dwelling": "bolig", "housing": "bolig",
    "home": "bolig", "youth housing": "ungdomsboliger", "elderly": "ældre ældreboliger", "nursing": "plejebolig",
    "refugee": "flygtning", "refugees": "flygtninge", "housing benefit": "boligstøtte", "benefit": "boligstøtte",
    "pensioner": "pensionist", "urban renewal": "byfornyelse", "renewal": "byfornyelse", "renovation": "renovering",
    "grant": "tilskud", "subsidy": "tilskud", "loan": "lån", "fund": "fond", "framework": "ramme", "annual": "årlig",
    "demolition": "nedrivning", "demolish": "nedrive", "sale": "salg", "sell": "salg", "residents": "beboere",
    "resident": "beboer", "tenant democracy": "beboerdemokrati", "department": "afdeling", "estate": "afdeling",
    "square metre": "m²", "square meter": "m²", "floor area": "areal", "income": "indkomst", "employment": "beskæftigelse",
    "unemployment": "ledighed", "convicted": "dømte", "education": "uddannelse", "non-western": "ikkevestlige",
    "immigrants": "indvandrere", "supervises": "tilsyn", "supervision": "tilsyn", "complaint": "klage", "appeal": "klage",
    "approve": "godkende", "approval": "godkendelse", "application": "ansøgning", "deadline": "frist", "agreement": "aftale",
    "bill": "lovforslag", "law": "lov", "act": "lov", "section": "§", "consultation": "høringssvar", "letter": "brev",
    "state": "staten", "government": "regeringen", "parties": "partier", "party": "parti", "committee": "udvalg",
    "publication": "publikation", "school": "skole", "family": "familie", "purpose": "formål", "rules": "regler",
    "caretaker": "vicevært", "side activities": "sideaktiviteter", "kl": "kl", "agency": "styrelse", "guide dog": "førerhund",
    "price": "pris", "cost": "udgift", "framework agreement": "rammeaftale", "representatives": "repræsentanter",
    "allocation": "anvisning", "allocate": "anvise", "occupants": "beboere", "property": "ejendom", "building": "byggeri",
    "increase": "forhøjelse forhøje", "increased": "forhøjelse forhøjes", "goes up": "forhøjelse", "raise": "forhøje",
    "reduce": "nedsætte nedsættelse", "reduction": "nedsættelse", "pay": "betale betaling", "payment": "betaling",
    "decide": "beslutte beslutning", "decision": "beslutning", "require": "kræve krav", "requirement": "krav",
    "regulate": "regulere", "adjusted": "reguleret", "maximum": "højst", "minimum": "mindst", "repair": "vedligeholdelse",
    "maintenance": "vedligeholdelse", "move out": "fraflytning", "moving": "flytning", "vacant": "ledig ledige",
    "members": "medlemmer", "elected": "valgt vælges", "period": "periode", "year": "år", "years": "år",
}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    phrases = sorted(ENGLISH_TO_DANISH, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def danish_terms(english: str) -> list[str]:
    """The Danish words for the field's terms an English text uses (empty when it uses none)."""
    return list(dict.fromkeys(ENGLISH_TO_DANISH[m.group(0).lower()] for m in _pattern().finditer(english)))
