"""The maps' own words in French, by key: the same keys as en.py (tests check it)."""

FR: dict[str, str] = {
    "period": "Période : {period}",
    "sources": "Sources : {names}",
    "src_bts": "Bureau of Transportation Statistics des États-Unis, Border Crossing Entry "
               "Data (domaine public)",
    "src_ircc": "Tableaux des demandes d'asile d'IRCC, interceptions de la GRC (Licence du "
                "gouvernement ouvert – Canada)",
    "src_copy": "Canuck Law (copie secondaire)",
    "src_news": "presse citant la GRC ou IRCC (mois sans tableau officiel)",
    "src_cbp": "Service des douanes et de la protection des frontières des États-Unis (CBP), "
               "Nationwide Encounters (domaine public)",
    "src_wikipedia": "contributeurs de Wikipédia (CC BY-SA 4.0)",
    "src_fcc": "frontière Canada–États-Unis de la FCC (domaine public)",
    "src_ne": "Réalisé avec Natural Earth",
    "src_user": "{what} : {file} (données de l'utilisateur)",
    "input_events": "Événements",
    "coverage": "{series} : {with_data} mois sur {months} {with_data|a|ont} des données",
    "coverage_missing": "Les mois manquants sont omis, jamais comptés comme zéro",
    "official": "Point d'entrée officiel",
    "irregular": "Passage irrégulier (pas un point d'entrée)",
    "kind": "Type",
    "kind_official": "point d'entrée officiel",
    "kind_irregular": "passage irrégulier",
    "name_en": "Nom (anglais)",
    "name_fr": "Nom (français)",
    "port_code": "Code du point d’entrée",
    "legend": "Légende",
    "notes": "Notes sur les données",
    "about": "À propos de cette carte",
    "symbols": "Points de passage",
    "series_scale": "{measure}, {direction}, {period}",
    "series_scale_month": "{measure}, {direction}, dans le mois",
    "series_circle_note": "aire du cercle proportionnelle aux {unit}, à partir de zéro",
    "series_line_note": "épaisseur du trait proportionnelle aux {unit}, à partir de zéro",
    "basis_line": "épaisseur maximale",
    "basis_circle": "plus grand cercle",
    "basis_shared": "{symbol} : {value} = le plus grand {counted} des cartes construites "
                    "ensemble",
    "basis_own": "{symbol} : {value} = le plus grand {counted} de cette carte",
    "basis_config": "{symbol} : {value} = le plus grand {counted}, sur la période que "
                    "maps.toml donne à cette carte",
    "basis_fixed": "{symbol} : {value}, échelle fixée dans maps.toml",
    "counted_total": "total sur {period}",
    "counted_month": "total mensuel ({month})",
    "direction_northbound": "vers le nord, au Canada",
    "direction_southbound": "vers le sud, aux États-Unis",
    "no_data": "aucune donnée",
    "no_data_title": "Aucune donnée",  # a legend heading
    "cells_title": "Points par hexagone (environ {km:g} km de large)",
    "cells_points": "points",
    "cells_points_label": "Points",
    "no_data_legend": "aucune donnée pour le mois (manquant, pas zéro)",
    "no_data_period": "aucune donnée pour la période (manquant, pas zéro)",
    "ports_of": "{series} ({count} {count|port|ports})",
    "total": "Total",
    "months_with_data": "mois avec données",
    "monthly": "Par mois",
    "chart_missing": "gris : mois sans données",
    "distance": "Distance à vol d'oiseau",
    "distance_label": "{km} à vol d'oiseau entre {a} et {b}",
    "closure": "Fermeture du chemin Roxham le {date}",
    "closure_short": "fermeture {day}",
    "events": "Événements ({count})",
    "chart_max": "maximum : {value}",
    "monthly_chart": "Graphique mensuel",
    "monthly_note": "Chaque série a sa propre échelle, à partir de zéro. Barres pâles : mois "
                    "hors tableau officiel ; hachuré : aucune donnée (jamais zéro) ; un cadre : "
                    "une année ou une période donnée en un seul total ; tirets : les "
                    "événements, par numéro. Cliquez sur un mois, ou utilisez les flèches, "
                    "pour y amener la carte.",
    "monthly_keys": "Graphique mensuel : cliquez sur un mois ou utilisez les flèches pour y "
                    "amener la carte",
    "coverage_caption": "Mois avec données : en couleur ; hachuré : aucune donnée "
                        "(jamais zéro).",
    "after_closure": "après la fermeture",
    "before_closure": "avant la fermeture",
    "before_after_note": "Sommes des mois qui ont des données, avec le nombre de mois "
                         "(sur 12) entre parenthèses et les années ou périodes comptées ; "
                         "la variation compare les sommes si les deux côtés ont leurs 12 "
                         "mois, sinon les moyennes par mois avec données.",
    "rate_change": "{change} par mois avec données ({before} contre {after} mois)",
    "made_of_spans": "dont {spans}",
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
    "not_in_tables": "absente des tableaux ({series}, aucune donnée)",
    "incomplete": "incomplet : {with_data} mois sur {months}",
    "region_share": "{region} : {value} {overall|de|des} {total} "
                    "{overall|interception|interceptions} ({share}) en {period}, total "
                    "{count|de|des} {count} {count|province|provinces} des tableaux d'IRCC",
    "region_share_incomplete": "La part {region_of} n'est pas indiquée : des mois manquent "
                                "pour certaines provinces en {period}",
    "province_scale": "{measure} (cercles proportionnels : aire proportionnelle aux "
                      "{unit}, à partir de zéro)",
    "province_with_data": "dans les tableaux ({series})",
    "incomplete_short": "dans les tableaux, des mois manquent",
    "provinces_note": "Les tableaux d'IRCC donnent {count} {all|de|des} {all} "
                      "{all|province ou territoire|provinces et territoires} ; les autres "
                      "n'ont pas de données ici (pas zéro).",
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
    "unit_events": "{count} {count|événement|événements}",
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
    "row_secondary": "copie d'un tableau officiel",
    "short_copy": "copie d'un tableau d'IRCC sur un blogue",
    "row_news": "article de presse",
    "status_computed": "calculée à partir des coordonnées des points de passage (UTM 18N)",
    "short_bts": "BTS, Border Crossing Entry Data",
    "short_cbp": "CBP, Nationwide Encounters",
    "short_ircc": "tableaux d'IRCC (interceptions de la GRC)",
    "short_news": "articles de presse citant la GRC ou IRCC",
    "short_coordinates": "coordonnées des points de passage (leurs sources : À propos des "
                         "données)",
    "no_figures": "Cette carte ne dessine aucun compte.",
}

# The index page's words (geo/web/index.py), as they are written: no French spacing rule
# (text) is applied to them.
INDEX_FR: dict[str, str] = {
    "title": "Cartes des points de passage",
    "intro": "Cartes interactives des points de passage frontaliers et des corridors entre "
             "eux, à partir de données publiques (sources sur chaque carte).",
    "open": "Ouvrir la carte", "embed": "Intégrer dans une page (copier-coller) :",
    "thumbnail": "Aperçu de la carte", "not_built": "Pas encore construite.",
}
