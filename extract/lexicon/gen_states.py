#!/usr/bin/env python3
"""gen_states.py -- regenerate states.tsv from Debian's iso-codes.

Reads /usr/share/iso-codes/json/iso_3166-1.json (common name, official
name, alpha-3) and adds, from the tables below, demonyms, capitals and the
Wikidata ids we are certain of. Territories that are not sovereign states
are skipped. Run: python3 gen_states.py > states.tsv

SPDX-License-Identifier: MIT
"""
import json
import re
import sys
import unicodedata

SRC = "/usr/share/iso-codes/json/iso_3166-1.json"

NOT_SOVEREIGN = set("""ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR
CYM ESH FLK FRO GGY GIB GLP GRL GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR
MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN SJM SPM SXM TCA TKL UMI VGB VIR
WLF""".split())

# Slugs and names for the states in focus (stable ids used in gold style).
SLUG = {"PRK": "dprk", "KOR": "south-korea", "RUS": "russia",
        "USA": "united-states", "GBR": "united-kingdom", "CHN": "china",
        "IRN": "iran", "SYR": "syria", "VNM": "vietnam", "LAO": "laos",
        "TWN": "taiwan", "BOL": "bolivia", "VEN": "venezuela",
        "TZA": "tanzania", "MDA": "moldova", "CZE": "czech-republic",
        "PSE": "palestine", "VAT": "vatican-city", "FSM": "micronesia",
        "COD": "dr-congo", "COG": "republic-of-the-congo",
        "CIV": "ivory-coast", "BRN": "brunei", "MKD": "north-macedonia"}

NAME = {"PRK": "North Korea", "KOR": "South Korea", "RUS": "Russia",
        "USA": "United States", "GBR": "United Kingdom", "CHN": "China",
        "IRN": "Iran", "SYR": "Syria", "VNM": "Vietnam", "LAO": "Laos",
        "TWN": "Taiwan", "BOL": "Bolivia", "VEN": "Venezuela",
        "TZA": "Tanzania", "MDA": "Moldova", "CZE": "Czech Republic",
        "PSE": "Palestine", "VAT": "Vatican City", "FSM": "Micronesia",
        "COD": "DR Congo", "COG": "Republic of the Congo",
        "CIV": "Ivory Coast", "BRN": "Brunei", "MKD": "North Macedonia"}

ALIASES = {
    "PRK": "DPRK|D.P.R.K.|the DPRK|Democratic People's Republic of Korea|"
           "N. Korea|N Korea|the North",
    "KOR": "ROK|Republic of Korea|S. Korea|the South",
    "RUS": "Russian Federation",
    "USA": "US|U.S.|USA|U.S.A.|United States of America|America|"
           "the States",
    "GBR": "UK|U.K.|Britain|Great Britain",
    "CHN": "PRC|People's Republic of China|mainland China",
    "TWN": "Republic of China|ROC",
    "CZE": "Czechia", "CIV": "Cote d'Ivoire|Côte d'Ivoire",
    "MMR": "Burma", "TUR": "Türkiye|Turkiye", "NLD": "Holland",
    "ARE": "UAE|Emirates", "VAT": "Holy See|Vatican",
    "SWZ": "Swaziland", "CPV": "Cabo Verde", "TLS": "East Timor",
}

DEMONYM = {
    "PRK": "North Korean|North Koreans|N. Korean",
    "KOR": "South Korean|South Koreans", "RUS": "Russian|Russians",
    "USA": "American|Americans", "GBR": "British", "CHN": "Chinese",
    "JPN": "Japanese", "UKR": "Ukrainian|Ukrainians", "BLR": "Belarusian",
    "IRN": "Iranian|Iranians", "SYR": "Syrian", "VNM": "Vietnamese",
    "LAO": "Lao|Laotian", "MNG": "Mongolian", "KAZ": "Kazakh",
    "FRA": "French", "DEU": "German", "ITA": "Italian", "ESP": "Spanish",
    "IND": "Indian", "PAK": "Pakistani", "TUR": "Turkish", "ISR": "Israeli",
    "CUB": "Cuban", "POL": "Polish", "CAN": "Canadian",
    "AUS": "Australian", "BRA": "Brazilian", "EGY": "Egyptian",
    "SAU": "Saudi", "IRQ": "Iraqi", "AFG": "Afghan", "GEO": "Georgian",
    "ARM": "Armenian", "AZE": "Azerbaijani", "SRB": "Serbian",
    "HUN": "Hungarian", "GRC": "Greek", "FIN": "Finnish",
    "SWE": "Swedish", "NOR": "Norwegian", "NLD": "Dutch",
    "CHE": "Swiss", "MEX": "Mexican", "VEN": "Venezuelan",
    "TWN": "Taiwanese", "MMR": "Myanmar|Burmese", "THA": "Thai",
    "PHL": "Filipino|Philippine", "IDN": "Indonesian", "KHM": "Cambodian",
    "MYS": "Malaysian", "SGP": "Singaporean", "NIC": "Nicaraguan",
    "ERI": "Eritrean", "AUT": "Austrian", "CZE": "Czech",
    "UZB": "Uzbek", "TKM": "Turkmen", "KGZ": "Kyrgyz", "TJK": "Tajik",
}

# Capitals: a capital names the state when it acts for it (metonymy).
CAPITAL = {
    "PRK": "Pyongyang", "KOR": "Seoul", "RUS": "Moscow", "USA": "Washington",
    "CHN": "Beijing", "JPN": "Tokyo", "UKR": "Kyiv|Kiev", "BLR": "Minsk",
    "IRN": "Tehran", "SYR": "Damascus", "VNM": "Hanoi", "LAO": "Vientiane",
    "MNG": "Ulaanbaatar|Ulan Bator", "GBR": "London", "FRA": "Paris",
    "DEU": "Berlin", "ITA": "Rome", "ESP": "Madrid", "IND": "New Delhi",
    "PAK": "Islamabad", "TUR": "Ankara", "CUB": "Havana", "POL": "Warsaw",
    "CAN": "Ottawa", "AUS": "Canberra", "BRA": "Brasilia", "EGY": "Cairo",
    "SAU": "Riyadh", "KAZ": "Astana", "AUT": "Vienna", "CZE": "Prague",
    "THA": "Bangkok", "IDN": "Jakarta", "PHL": "Manila",
    "KHM": "Phnom Penh", "MYS": "Kuala Lumpur", "MMR": "Naypyidaw",
    "ISR": "Jerusalem", "GEO": "Tbilisi", "ARM": "Yerevan", "AZE": "Baku",
    "SRB": "Belgrade", "HUN": "Budapest", "FIN": "Helsinki",
    "SWE": "Stockholm", "NOR": "Oslo", "VEN": "Caracas", "NIC": "Managua",
    "TWN": "Taipei", "MEX": "Mexico City", "UZB": "Tashkent",
}
# Metonyms that are not the capital's name.
METONYM = {"RUS": "the Kremlin|Kremlin", "USA": "the White House|White House",
           "CHN": "Zhongnanhai", "GBR": "Downing Street"}

WIKIDATA = {
    "RUS": "Q159", "PRK": "Q423", "KOR": "Q884", "CHN": "Q148",
    "USA": "Q30", "JPN": "Q17", "UKR": "Q212", "GBR": "Q145", "FRA": "Q142",
    "DEU": "Q183", "IND": "Q668", "IRN": "Q794", "BLR": "Q184",
    "MNG": "Q711", "VNM": "Q881", "AUT": "Q40", "ITA": "Q38", "ESP": "Q29",
    "CAN": "Q16", "AUS": "Q408", "BRA": "Q155", "TUR": "Q43", "ISR": "Q801",
    "SYR": "Q858", "CUB": "Q241", "POL": "Q36", "KAZ": "Q232",
    "TWN": "Q865", "CZE": "Q213", "EGY": "Q79", "SAU": "Q851",
    "PAK": "Q843", "IDN": "Q252", "LAO": "Q819", "KHM": "Q424",
    "THA": "Q869", "PHL": "Q928", "MYS": "Q833", "SGP": "Q334",
    "MMR": "Q836", "SWE": "Q34", "NOR": "Q20", "FIN": "Q33", "NLD": "Q55",
    "BEL": "Q31", "CHE": "Q39", "MEX": "Q96", "ARG": "Q414",
    "ZAF": "Q258", "VEN": "Q717", "IRQ": "Q796", "AFG": "Q889",
    "GEO": "Q230", "ARM": "Q399", "AZE": "Q227", "SRB": "Q403",
    "HUN": "Q28", "GRC": "Q41", "PRT": "Q45", "IRL": "Q27", "DNK": "Q35",
    "ROU": "Q218", "BGR": "Q219", "LTU": "Q37", "LVA": "Q211",
    "EST": "Q191", "MDA": "Q217", "NZL": "Q664", "NIC": "Q811",
    "VAT": "Q237", "UZB": "Q265",
}


def slug(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main():
    rows = json.load(open(SRC, encoding="utf-8"))["3166-1"]
    out = sys.stdout
    out.write("# states.tsv -- sovereign states; generated by gen_states.py "
              "from iso-codes\n# kind\tid\tname\taliases\twikidata\tattributes\n")
    for r in sorted(rows, key=lambda r: r["alpha_3"]):
        a3 = r["alpha_3"]
        if a3 in NOT_SOVEREIGN:
            continue
        common = r.get("common_name") or r["name"]
        name = NAME.get(a3, common)
        forms = [common, r["name"], r.get("official_name", "")]
        forms += ALIASES.get(a3, "").split("|")
        seen, aliases = {name.lower()}, []
        for f in forms:
            if f and f.lower() not in seen and "," not in f:
                seen.add(f.lower())
                aliases.append(f)
        attrs = ["code=" + a3]
        if a3 in DEMONYM:
            attrs.append("demonym=" + DEMONYM[a3])
        if a3 in CAPITAL:
            attrs.append("capital=" + CAPITAL[a3])
        if a3 in METONYM:
            attrs.append("metonym=" + METONYM[a3])
        sid = "state/" + SLUG.get(a3, slug(name))
        out.write("State\t%s\t%s\t%s\t%s\t%s\n" % (
            sid, name, "|".join(aliases), WIKIDATA.get(a3, ""),
            ";".join(attrs)))
    # Former states still named in the news.
    out.write("State\tstate/soviet-union\tSoviet Union\tUSSR|U.S.S.R.|"
              "the then Soviet Union|Union of Soviet Socialist Republics\t"
              "Q15180\tcode=SUN;demonym=Soviet\n")


if __name__ == "__main__":
    main()
