"""The maps' own words in English and French, and numbers, months and distances in each.

French follows the Office québécois de la langue française: a narrow no-break space
(U+202F) between thousands, a decimal comma, and a no-break space before % and units.
"""

from __future__ import annotations

import math
import re

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

TEXT = {
    "en": {
        "period": "Period: {period}",
        "sources": "Sources: {names}",
        "src_bts": "US Bureau of Transportation Statistics, Border Crossing Entry Data "
                   "(public domain)",
        "src_ircc": "IRCC asylum claims tables, RCMP interceptions (Open Government Licence – "
                    "Canada)",
        "src_news": "news reports quoting RCMP/IRCC (months no official table covers)",
        "src_wikipedia": "Wikipedia contributors (CC BY-SA 4.0)",
        "src_fcc": "FCC US–Canada boundary (public domain)",
        "src_ne": "Made with Natural Earth",
        "src_user": "{what}: {file} (user data)",
        "input_bts": "BTS counts",
        "input_rcmp": "RCMP interceptions",
        "coverage": "{series}: {with_data} of {months} {months|month|months} "
                    "{with_data|has|have} data",
        "coverage_missing": "missing months are left out, never counted as zero",
        "official": "Official port of entry",
        "irregular": "Irregular crossing (not a port of entry)",
        "kind": "Kind",
        "kind_official": "official port of entry",
        "kind_irregular": "irregular crossing",
        "name_en": "Name (English)",
        "name_fr": "Name (French)",
        "bts_port": "BTS port code",
        "legend": "Legend",
        "notes": "Notes on the data",
        "about": "About this map",
        "symbols": "Crossings",
        "bts_scale": "BTS persons entering the US (southbound), {period}",
        "bts_scale_month": "BTS persons entering the US (southbound), in the month",
        "bts_scale_note": "circle area proportional to persons (passengers + pedestrians), "
                          "from zero",
        "rcmp_scale": "RCMP interceptions, northbound into Canada, {period}",
        "rcmp_scale_month": "RCMP interceptions, northbound into Canada, in the month",
        "rcmp_scale_note": "line width proportional to interceptions, from zero",
        "bts_line_note": "line width proportional to persons, from zero",
        "direction_northbound": "northbound into Canada",
        "direction_southbound": "southbound into the US",
        "never_added": "The two counts measure different flows in opposite directions and "
                       "are never added.",
        "no_data": "no data",
        "cells_title": "Points per hexagon (about {km:g} km across)",
        "cells_points": "points",
        "cells_points_label": "Points",
        "no_data_legend": "no data for the month (missing, not zero)",
        "no_data_period": "no data for the period (missing, not zero)",
        "rcmp_series": "RCMP interceptions ({region})",
        "rcmp_short": "RCMP",
        "bts_short": "BTS",
        "bts_ports": "BTS ({count} {count|port|ports})",
        "bts_series": "BTS persons entering the US",
        "persons": "persons",
        "interceptions": "interceptions",
        "total": "Total",
        "months_with_data": "months with data",
        "monthly": "Monthly",
        "chart_missing": "grey: month with no data",
        "distance": "Straight-line distance",
        "distance_label": "{km} between {a} and {b}",
        "closure": "Roxham Road closed on 25 March 2023",
        "closure_short": "closure 2023-03-25",
        "coverage_caption": "Months with data: coloured; hatched: no data (never zero).",
        "after_closure": "after the closure",
        "before_closure": "before the closure",
        "before_after_note": "Sums over the months that have data, with the number of "
                             "months (of 12) in brackets; a change is given only when both "
                             "sides have all 12 months.",
        "play": "Play",
        "pause": "Pause",
        "month": "Month",
        "before_after": "Twelve months before and after the closure",
        "before": "Before: {period}",
        "after": "After: {period}",
        "series": "Series",
        "place": "Crossing or region",
        "change": "Change",
        "not_comparable": "not comparable (months missing)",
        "news_flag": "includes news-sourced months",
        "layers": "Layers",
        "corridor": "Corridor",
        "province": "Province or territory",
        "not_in_tables": "not in the RCMP tables (no data)",
        "incomplete": "incomplete: {with_data} of {months} {months|month|months}",
        "quebec_share": "Quebec: {quebec} of {total} {overall|interception|interceptions} "
                        "({share}) in {period}, the total of the {count} "
                        "{count|province|provinces} in the IRCC tables",
        "quebec_share_incomplete": "Quebec's share is not shown: some provinces lack months "
                                   "in {period}",
        "province_scale": "RCMP interceptions, {period} (proportional circles: area "
                          "proportional to interceptions, from zero)",
        "province_with_data": "in the RCMP tables",
        "incomplete_short": "in the tables, some months missing",
        "rcmp_scale_note_circle": "circle area proportional to interceptions, from zero",
        "provinces_note": "The IRCC tables list {count} of the {all} {all|province or territory|"
                          "provinces and territories}; the others have no data here "
                          "(not zero).",
        "upper_bound": "RCMP interceptions in Quebec, drawn on the Roxham Road corridor: "
                       "almost all of them crossed there, so this is an upper bound.",
        "schematic": "Corridor lines are schematic, not surveyed routes.",
        "about_data": "About the data",
        "about_status": "status: {status}",
        "about_latest": "latest month: {month}",
        "about_unlisted": "sources {ids} (not listed in data/SOURCES.md)",
        "about_derived": "drawn by crossing-maps from the crossings (schematic)",
        "about_user_file": "the user's own file (no source recorded)",
        "about_tool": "Built with {tool}",
        "about_files": "Files and their sha256 checksums",
        "about_verify": "To check that a copy of the data is the one this map was built "
                        "from:",
        "about_verify_command": "crossing-maps verify PAGE --data FOLDER",
        "about_src_ne": "Natural Earth (public domain)",
        "status_official": "official",
        "status_news": "news",
        "status_secondary": "secondary",
        "status_rounded": "rounded",
        "unit_rows": "{count} {count|row|rows}",
        "unit_crossings": "{count} {count|crossing|crossings}",
        "unit_features": "{count} {count|feature|features}",
        "skip": "Skip to the map",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "close_popup": "Close",
        "map_region": "Map: {title}",
        "data": "Data",
        "data_title": "Every figure on the map, as a table",
        "data_close": "Close the table",
        "data_note": "One row per figure the map draws; missing months are missing, never "
                     "zero. The source line names every dataset in full.",
        "noscript": "The interactive map needs JavaScript; every figure it draws is in the "
                    "table below.",
        "col_place": "Crossing, corridor or region",
        "col_series": "Series",
        "col_period": "Period",
        "col_value": "Value",
        "col_status": "Status",
        "col_source": "Source",
        "status_months": "{with_data} of {months} {months|month|months} with data",
        "status_missing": "no data (missing, not zero)",
        "row_official": "official table",
        "row_news": "news report",
        "status_computed": "computed from the crossings' coordinates (UTM 18N)",
        "short_bts": "BTS Border Crossing Entry Data",
        "short_ircc": "IRCC tables (RCMP interceptions)",
        "short_news": "news reports quoting RCMP/IRCC",
        "short_coordinates": "crossing coordinates (BTS, Wikipedia)",
        "no_figures": "This map draws no counts.",
    },
    "fr": {
        "period": "Période : {period}",
        "sources": "Sources : {names}",
        "src_bts": "Bureau of Transportation Statistics des États-Unis, Border Crossing Entry "
                   "Data (domaine public)",
        "src_ircc": "Tableaux des demandes d'asile d'IRCC, interceptions de la GRC (Licence du "
                    "gouvernement ouvert – Canada)",
        "src_news": "articles de presse citant la GRC ou IRCC (mois sans tableau officiel)",
        "src_wikipedia": "contributeurs de Wikipédia (CC BY-SA 4.0)",
        "src_fcc": "frontière Canada–États-Unis de la FCC (domaine public)",
        "src_ne": "Réalisé avec Natural Earth",
        "src_user": "{what} : {file} (données de l'utilisateur)",
        "input_bts": "Comptes du BTS",
        "input_rcmp": "Interceptions de la GRC",
        "coverage": "{series} : {with_data} mois sur {months} {with_data|a|ont} des données",
        "coverage_missing": "les mois manquants sont omis, jamais comptés comme zéro",
        "official": "Point d'entrée officiel",
        "irregular": "Passage irrégulier (pas un point d'entrée)",
        "kind": "Type",
        "kind_official": "point d'entrée officiel",
        "kind_irregular": "passage irrégulier",
        "name_en": "Nom (anglais)",
        "name_fr": "Nom (français)",
        "bts_port": "Code de port BTS",
        "legend": "Légende",
        "notes": "Notes sur les données",
        "about": "À propos de cette carte",
        "symbols": "Points de passage",
        "bts_scale": "Personnes entrant aux États-Unis (vers le sud, BTS), {period}",
        "bts_scale_month": "Personnes entrant aux États-Unis (vers le sud, BTS), dans le mois",
        "bts_scale_note": "aire du cercle proportionnelle aux personnes (passagers + piétons), "
                          "à partir de zéro",
        "rcmp_scale": "Interceptions de la GRC, vers le nord au Canada, {period}",
        "rcmp_scale_month": "Interceptions de la GRC, vers le nord au Canada, dans le mois",
        "rcmp_scale_note": "épaisseur du trait proportionnelle aux interceptions, à partir "
                           "de zéro",
        "bts_line_note": "épaisseur du trait proportionnelle aux personnes, à partir de zéro",
        "direction_northbound": "vers le nord, au Canada",
        "direction_southbound": "vers le sud, aux États-Unis",
        "never_added": "Les deux comptes mesurent des flux différents, en sens opposés, et ne "
                       "sont jamais additionnés.",
        "no_data": "aucune donnée",
        "cells_title": "Points par hexagone (environ {km:g} km de large)",
        "cells_points": "points",
        "cells_points_label": "Points",
        "no_data_legend": "aucune donnée pour le mois (manquant, pas zéro)",
        "no_data_period": "aucune donnée pour la période (manquant, pas zéro)",
        "rcmp_series": "Interceptions de la GRC ({region})",
        "rcmp_short": "GRC",
        "bts_short": "BTS",
        "bts_ports": "BTS ({count} {count|port|ports})",
        "bts_series": "Personnes entrant aux États-Unis (BTS)",
        "persons": "personnes",
        "interceptions": "interceptions",
        "total": "Total",
        "months_with_data": "mois avec données",
        "monthly": "Par mois",
        "chart_missing": "gris : mois sans données",
        "distance": "Distance à vol d'oiseau",
        "distance_label": "{km} entre {a} et {b}",
        "closure": "Fermeture du chemin Roxham le 25 mars 2023",
        "closure_short": "fermeture 2023-03-25",
        "coverage_caption": "Mois avec données : en couleur ; hachuré : aucune donnée "
                            "(jamais zéro).",
        "after_closure": "après la fermeture",
        "before_closure": "avant la fermeture",
        "before_after_note": "Sommes des mois qui ont des données, avec le nombre de mois "
                             "(sur 12) entre parenthèses ; la variation n'est donnée que si "
                             "les deux côtés ont leurs 12 mois.",
        "play": "Lecture",
        "pause": "Pause",
        "month": "Mois",
        "before_after": "Douze mois avant et après la fermeture",
        "before": "Avant : {period}",
        "after": "Après : {period}",
        "series": "Série",
        "place": "Point de passage ou région",
        "change": "Variation",
        "not_comparable": "non comparable (mois manquants)",
        "news_flag": "comprend des mois tirés de la presse",
        "layers": "Couches",
        "corridor": "Corridor",
        "province": "Province ou territoire",
        "not_in_tables": "absente des tableaux de la GRC (aucune donnée)",
        "incomplete": "incomplet : {with_data} mois sur {months}",
        "quebec_share": "Québec : {quebec} {overall|de|des} {total} "
                        "{overall|interception|interceptions} ({share}) en {period}, total "
                        "{count|de|des} {count} {count|province|provinces} des tableaux d'IRCC",
        "quebec_share_incomplete": "La part du Québec n'est pas indiquée : des mois manquent "
                                   "pour certaines provinces en {period}",
        "province_scale": "Interceptions de la GRC, {period} (cercles proportionnels : aire "
                          "proportionnelle aux interceptions, à partir de zéro)",
        "province_with_data": "dans les tableaux de la GRC",
        "incomplete_short": "dans les tableaux, des mois manquent",
        "rcmp_scale_note_circle": "aire du cercle proportionnelle aux interceptions, à partir "
                                  "de zéro",
        "provinces_note": "Les tableaux d'IRCC donnent {count} {all|de|des} {all} "
                          "{all|province ou territoire|provinces et territoires} ; les autres "
                          "n'ont pas de données ici (pas zéro).",
        "upper_bound": "Interceptions de la GRC au Québec, tracées sur le corridor du chemin "
                       "Roxham : presque toutes y ont eu lieu, c'est donc une borne supérieure.",
        "schematic": "Les corridors sont schématiques, pas des itinéraires relevés.",
        "about_data": "À propos des données",
        "about_status": "statut : {status}",
        "about_latest": "dernier mois : {month}",
        "about_unlisted": "sources {ids} (absentes de data/SOURCES.md)",
        "about_derived": "tracé par crossing-maps à partir des points de passage (schématique)",
        "about_user_file": "fichier de l'utilisateur (aucune source indiquée)",
        "about_tool": "Réalisé avec {tool}",
        "about_files": "Fichiers et leurs sommes de contrôle sha256",
        "about_verify": "Pour vérifier qu'une copie des données est celle qui a servi à cette "
                        "carte :",
        "about_verify_command": "crossing-maps verify PAGE --data DOSSIER",
        "about_src_ne": "Natural Earth (domaine public)",
        "status_official": "officiel",
        "status_news": "presse",
        "status_secondary": "secondaire",
        "status_rounded": "arrondi",
        "unit_rows": "{count} {count|ligne|lignes}",
        "unit_crossings": "{count} {count|point de passage|points de passage}",
        "unit_features": "{count} {count|entité|entités}",
        "skip": "Aller à la carte",
        "zoom_in": "Zoom avant",
        "zoom_out": "Zoom arrière",
        "close_popup": "Fermer",
        "map_region": "Carte : {title}",
        "data": "Données",
        "data_title": "Tous les chiffres de la carte, en tableau",
        "data_close": "Fermer le tableau",
        "data_note": "Une ligne par chiffre que la carte dessine ; les mois manquants sont "
                     "manquants, jamais zéro. La ligne des sources nomme chaque jeu de données "
                     "en entier.",
        "noscript": "La carte interactive a besoin de JavaScript ; tous les chiffres qu'elle "
                    "dessine sont dans le tableau ci-dessous.",
        "col_place": "Point de passage, corridor ou région",
        "col_series": "Série",
        "col_period": "Période",
        "col_value": "Valeur",
        "col_status": "Statut",
        "col_source": "Source",
        "status_months": "{with_data} mois sur {months} avec des données",
        "status_missing": "pas de données (manquant, pas zéro)",
        "row_official": "tableau officiel",
        "row_news": "article de presse",
        "status_computed": "calculée à partir des coordonnées des points de passage (UTM 18N)",
        "short_bts": "BTS, Border Crossing Entry Data",
        "short_ircc": "tableaux d'IRCC (interceptions de la GRC)",
        "short_news": "articles de presse citant la GRC ou IRCC",
        "short_coordinates": "coordonnées des points de passage (BTS, Wikipédia)",
        "no_figures": "Cette carte ne dessine aucun compte.",
    },
}


# The index page's words (geo/web/index.py), as they are written: no French spacing rule
# (text) is applied to them.
INDEX_TEXT = {
    "en": {"title": "Crossing maps: Quebec – New York / Vermont border",
           "intro": "Interactive maps of the official ports of entry and the Roxham Road "
                    "irregular crossing, from public data (sources on each map).",
           "open": "Open the map", "embed": "Embed in a page (copy and paste):",
           "thumbnail": "Preview of the map", "not_built": "Not built yet."},
    "fr": {"title": "Cartes des points de passage : frontière Québec – New York / Vermont",
           "intro": "Cartes interactives des points d'entrée officiels et du passage "
                    "irrégulier du chemin Roxham, à partir de données publiques (sources sur "
                    "chaque carte).",
           "open": "Ouvrir la carte", "embed": "Intégrer dans une page (copier-coller) :",
           "thumbnail": "Aperçu de la carte", "not_built": "Pas encore construite."},
}


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
