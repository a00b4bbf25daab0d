"""The maps' own words in English and French, and numbers, months and distances in each.

French follows the Office québécois de la langue française: a narrow no-break space
(U+202F) between thousands, a decimal comma, and a no-break space before % and units.
"""

from __future__ import annotations

import math
import re

from geo.i18n.en import EN, INDEX_EN
from geo.i18n.fr import FR, INDEX_FR

LANGS = ("en", "fr")
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
# {count|singular|plural} in a TEXT template: the word that agrees with `count` (see agree).
PLURAL = re.compile(r"\{(?P<name>\w+)\|(?P<one>[^|{}]*)\|(?P<other>[^|{}]*)\}")

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}
MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
}

# Province and territory names by postal code: the provinces layer has English names only.
REGION_NAMES = {
    "en": {"AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
           "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
           "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
           "SK": "Saskatchewan", "YT": "Yukon", "CA": "Canada (published total)"},
    "fr": {"AB": "Alberta", "BC": "Colombie-Britannique", "MB": "Manitoba",
           "NB": "Nouveau-Brunswick", "NL": "Terre-Neuve-et-Labrador", "NS": "Nouvelle-Écosse",
           "NT": "Territoires du Nord-Ouest", "NU": "Nunavut", "ON": "Ontario",
           "PE": "Île-du-Prince-Édouard", "QC": "Québec", "SK": "Saskatchewan", "YT": "Yukon",
           "CA": "Canada (total publié)"},
}
# "Quebec's share" / "la part du Québec": a region as the owner of something.
REGION_OF = {
    "fr": {"AB": "de l'Alberta", "BC": "de la Colombie-Britannique", "MB": "du Manitoba",
           "NB": "du Nouveau-Brunswick", "NL": "de Terre-Neuve-et-Labrador",
           "NS": "de la Nouvelle-Écosse", "NT": "des Territoires du Nord-Ouest",
           "NU": "du Nunavut", "ON": "de l'Ontario", "PE": "de l'Île-du-Prince-Édouard",
           "QC": "du Québec", "SK": "de la Saskatchewan", "YT": "du Yukon", "CA": "du Canada"},
}

TEXT = {"en": EN, "fr": FR}
# The index page's words (geo/web/index.py), as they are written: no French spacing rule
# (text) is applied to them.
INDEX_TEXT = {"en": INDEX_EN, "fr": INDEX_FR}


def colon(lang: str) -> str:
    """': ' in English, ' : ' (no-break space before) in French."""
    return f"{NBSP}: " if lang == "fr" else ": "


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def is_singular(count: int, lang: str) -> bool:
    """Whether a count takes the singular: 1 in English; 0 and 1 in French."""
    return count < 2 if lang == "fr" else count == 1


def agree(template: str, lang: str, values: dict[str, object]) -> str:
    """Each {name|singular|plural} in a template replaced by the form that agrees with the
    count given as `name`."""
    def form(match: re.Match[str]) -> str:
        count = values[match["name"]]
        if not isinstance(count, int):
            raise TypeError(f"{match['name']} = {count!r}: a plural needs an int count")
        return match["one"] if is_singular(count, lang) else match["other"]
    return PLURAL.sub(form, template)


def text(lang: str, key: str, **values: object) -> str:
    """One of the maps' sentences in the language, with its blanks filled and its words
    agreeing with the counts (in French, with the no-break spaces before ':' and ';' that
    keep them off the start of a line)."""
    template = agree(TEXT[check_lang(lang)][key], lang, values)
    if lang == "fr":
        template = template.replace(" :", f"{NBSP}:").replace(" ;", f"{NARROW_NBSP};")
    return template.format(**values)


def pick(texts: dict[str, str], lang: str) -> str:
    """A config text ({'en': ..., 'fr': ...}) in the language, else in English."""
    return texts.get(lang) or texts.get("en", "")


def number_separators(lang: str) -> dict[str, str]:
    """The thousands and decimal separators, shared with the runtime's formatter."""
    return {"group": NARROW_NBSP, "decimal": ","} if lang == "fr" else {"group": ",",
                                                                           "decimal": "."}


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """12345.6 as '12,345.6' in English and '12 345,6' (narrow no-break space) in French."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"cannot format {value}")
    seps = number_separators(lang)
    raw = f"{value:,.{decimals}f}"
    return raw.replace(",", "\0").replace(".", seps["decimal"]).replace("\0", seps["group"])


def format_percent(share: float, lang: str, decimals: int = 1) -> str:
    """0.991 as '99.1%' / '99,1 %'."""
    number = format_number(share * 100, lang, decimals)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def format_km(metres: float, lang: str) -> str:
    """5123 m as '5.1 km' / '5,1 km'."""
    return f"{format_number(metres / 1000, lang, 1)}{NBSP}km"


def format_day(day: str, lang: str) -> str:
    """'2023-03-25' as '25 March 2023' / '25 mars 2023' ('1er mars' in French)."""
    year, month, number = (int(part) for part in day.split("-"))
    ordinal = "1er" if lang == "fr" and number == 1 else str(number)
    return f"{ordinal} {MONTHS[check_lang(lang)][month - 1]} {year}"


def region_of(code: str, lang: str) -> str:
    """A region as an owner: "Quebec's" / "du Québec"."""
    if check_lang(lang) == "fr":
        return REGION_OF["fr"].get(code, f"de {region_name(code, lang)}")
    return f"{region_name(code, lang)}'s"


def format_month(month: str, lang: str, short: bool = False) -> str:
    """'2023-03' as 'March 2023' / 'mars 2023'."""
    year, number = month.split("-")
    names = MONTHS_SHORT if short else MONTHS
    return f"{names[check_lang(lang)][int(number) - 1]} {year}"


def format_period(start: str, end: str, lang: str) -> str:
    """A span of months for a title: '2022', 'March 2022 – February 2023'."""
    if start.endswith("-01") and end.endswith("-12") and start[:4] == end[:4]:
        return start[:4]
    if start == end:
        return format_month(start, lang)
    return f"{format_month(start, lang)} – {format_month(end, lang)}"


def region_name(code: str, lang: str) -> str:
    return REGION_NAMES[check_lang(lang)].get(code, code)
