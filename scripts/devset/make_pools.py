#!/usr/bin/env python3
"""Name pools for the duplicate finder's development set, made from sources
this project did not write (run once; the output is committed, so tests and
benchmarks need neither Python nor a network).

Sources (pip packages, their own data):
  names-dataset 3.3  (philipperemy/name-dataset, Facebook 2021 names by country,
                      ranked by frequency): KZ, RU, TM, AF, DE, IR, AZ
  Faker 40           (joke2k/faker, person providers): uk_UA, uz_UZ, az_AZ
  iuliia 0.x         (nalgeon/iuliia): 28 Russian Cyrillic->Latin schemas
                      (ISO 9, GOST 7.79 A/B, GOST 16876, GOST R 52535,
                      GOST 7.034, ICAO 9303, ALA-LC, BGN/PCGN, BS 2979,
                      scientific, UNGEGN 1987, MVD 310/782, telegram, uz ...)
  cyrtranslit 1.2    (opendatakosovo/cyrillic-transliteration): Tajik, Ukrainian
  Unidecode 1.4      (what many programs and messengers produce)
Kazakh Latin alphabets of 2017 (Decree 569), 2018 (Decree 637) and 2021
(the alphabet presented in January 2021), and ISO 9:1995 for the Kazakh
letters, are typed below from the published alphabets; they are not read from
assets/dedup.toml or src/.

Output: tests/data/dedup/pools.tsv, one name a line:
  group  kind  rank  native  spellings
where spellings is "0,3=Spelling;..." (numbers: the "#systems" line) (each distinct spelling once).
"""
import random
import re
import sys

import cyrtranslit
import iuliia
from faker import Faker
from names_dataset import NameDataset
from unidecode import unidecode

random.seed(7)
OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/data/dedup/pools.tsv"
nd = NameDataset()

CYR = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіЎўҲҳҶҷӢӣӮӯЄєЇїҐґ'-]+")
LAT = re.compile(r"[A-Za-zÀ-žƏəĞğİıŞşÇçÑñ'ʻʼ‘’-]+")

KAZAKH_RUSSIFIED = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
TAJIK_RUSSIFIED = str.maketrans("ғқҳҷӣӯҒҚҲҶӢӮ", "гкхжиуГКХЖИУ")
UZBEK_RUSSIFIED = str.maketrans("ўқғҳЎҚҒҲ", "укгхУКГХ")

# Kazakh Latin, letter by letter (lower case), from the published alphabets.
KZ_2017 = {"а": "a", "ә": "a'", "б": "b", "в": "v", "г": "g", "ғ": "g'", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i'", "й": "i'", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "n'", "о": "o", "ө": "o'", "п": "p", "р": "r", "с": "s", "т": "t", "у": "y'", "ұ": "u",
    "ү": "u'", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "c'", "ш": "s'", "щ": "s's'", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "i'y'", "я": "i'a"}
KZ_2018 = {"а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý", "ұ": "u",
    "ү": "ú", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "ıý", "я": "ıa"}
KZ_2021 = {"а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia"}
# ISO 9:1995 (= GOST 7.79 system A) for the non-Russian letters.
ISO9_EXTRA = {"ә": "a̋", "ғ": "ġ", "қ": "ķ", "ң": "ṇ", "ө": "ô", "ұ": "ù", "ү": "u̇", "һ": "ḥ", "і": "ì",
    "ў": "ŭ", "ҳ": "ḩ", "ҷ": "ç", "ӣ": "ī", "ӯ": "ū"}
# Kyrgyz practice (passport ICAO style, the Kyrgyz letters plainly).
KG_PASSPORT = {"ң": "ng", "ө": "o", "ү": "u"}


def by_table(table, text):
    out = []
    for c in text:
        lower = c.lower()
        t = table.get(lower)
        if t is None:
            out.append(c)
        elif c != lower and t:
            out.append(t[0].upper() + t[1:])
        else:
            out.append(t)
    return "".join(out)


def cap(s):
    return "-".join(p[:1].upper() + p[1:] for p in s.split("-"))


def iuliia_all(text, russify):
    plain = text.translate(russify) if russify else text
    out = {}
    for name in iuliia.schemas.names():
        # iuliia's tables are lower-case-first; capital Ё slips through.
        out[name] = cap(iuliia.schemas.get(name).translate(plain.lower()))
    return out


def spellings_of(native, group):
    s = {}
    if CYR.fullmatch(native):
        has_kz = bool(re.search("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]", native))
        russify = {"kazakh": KAZAKH_RUSSIFIED, "kyrgyz": KAZAKH_RUSSIFIED, "tajik": TAJIK_RUSSIFIED,
                   "uzbek": UZBEK_RUSSIFIED}.get(group)
        s.update(iuliia_all(native, russify))
        iso = iuliia.schemas.get("gost_779")
        s["iso9_1995_full"] = cap("".join(ISO9_EXTRA.get(c.lower(), iso.translate(c.lower())) for c in native))
        s["unidecode"] = unidecode(native).replace("@", "e")
        if group in ("kazakh", "korean"):
            s["kz_latin_2017"] = by_table(KZ_2017, native)
            s["kz_latin_2018"] = by_table(KZ_2018, native)
            s["kz_latin_2021"] = by_table(KZ_2021, native)
            s["kz_passport"] = cap(iuliia.schemas.get("icao_doc_9303").translate(native.translate(KAZAKH_RUSSIFIED).lower()))
        if group == "kyrgyz":
            s["kg_passport"] = cap(iuliia.schemas.get("icao_doc_9303").translate(
                "".join(KG_PASSPORT.get(c, c) for c in native.lower())))
        if group == "tajik":
            s["tj_cyrtranslit"] = cyrtranslit.to_latin(native, "tj")
        if group == "ukrainian":
            s["ua_cyrtranslit"] = cyrtranslit.to_latin(native, "ua")
        if group == "uzbek":
            s["uz_official"] = cap(iuliia.schemas.get("uz").translate(native.lower()))
        del has_kz
    else:
        s["native_latin"] = native
        # Unidecode writes ə as "@": people write "e".
        s["unidecode"] = unidecode(native).replace("@", "e")
        s["ascii_upper"] = s["unidecode"].upper()
    by_spelling = {}
    for system, sp in s.items():
        if sp and sp != native:
            by_spelling.setdefault(sp, []).append(system)
    return by_spelling


# Uzbek Latin -> Cyrillic (the 1995 alphabet, one to one), for Uzbek names
# Faker gives in Latin: records in Kazakhstan are mostly Cyrillic.
UZ_TO_CYR = [("sh", "ш"), ("ch", "ч"), ("o'", "ў"), ("oʻ", "ў"), ("g'", "ғ"), ("gʻ", "ғ"), ("ya", "я"),
    ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("ts", "ц"), ("a", "а"), ("b", "б"), ("d", "д"), ("e", "е"),
    ("f", "ф"), ("g", "г"), ("h", "ҳ"), ("i", "и"), ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("q", "қ"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("v", "в"), ("x", "х"), ("y", "й"), ("z", "з"), ("'", "ъ"), ("ʼ", "ъ")]


def uzbek_cyrillic(latin):
    s, out, i = latin.lower(), "", 0
    while i < len(s):
        for a, b in UZ_TO_CYR:
            if s.startswith(a, i):
                out += b
                i += len(a)
                break
        else:
            out += s[i]
            i += 1
    return cap(out)


def female_surname(m):
    for a, b in (("ов", "ова"), ("ев", "ева"), ("ин", "ина"), ("ий", "ая"), ("ov", "ova"), ("ev", "eva"),
                 ("yev", "yeva"), ("ow", "owa"), ("ew", "ewa"), ("in", "ina")):
        if m.endswith(a):
            return m[: -len(a)] + b
    return m


def male_form(s):
    for a, b in (("ова", "ов"), ("ева", "ев"), ("ина", "ин"), ("ая", "ий"), ("ova", "ov"), ("eva", "ev"),
                 ("owa", "ow"), ("ewa", "ew")):
        if s.endswith(a):
            return s[: -len(a)] + b
    return s


def ranked(country, first, gender=None, n=3000, script=CYR):
    r = nd.get_top_names(n=n, country_alpha2=country, use_first_names=first)[country]
    names = r[gender] if first else r
    seen, out = set(), []
    for x in names:
        x = x.strip()
        if not script.fullmatch(x) or len(x) < 2 or x in seen:
            continue
        if x.lower() in ("афган", "afghan", "kazakh", "қазақ", "мектебі", "haji", "khan"):
            continue
        seen.add(x)
        out.append(cap(x.lower()))
    return out


def surnames(names):
    seen, out = set(), []
    for x in names:
        m = male_form(x)
        if m not in seen:
            seen.add(m)
            out.append(m)
    return out


def faker_names(locale, kind, count):
    f = Faker(locale)
    f.seed_instance(11)
    counts = {}
    for _ in range(count * 20):
        n = getattr(f, kind)()
        counts[n] = counts.get(n, 0) + 1
    return [n for n, _ in sorted(counts.items(), key=lambda kv: -kv[1])][:count]


def patronymics(given_m, group):
    out = []
    for g in given_m[:300]:
        low = g.lower()
        if group == "kazakh" and random.random() < 0.5:
            out.append((g + "ұлы", g + "қызы"))
        elif low.endswith(("й", "ь")):
            stem = g[:-1]
            out.append((stem + "евич", stem + "евна"))
        elif low.endswith(("а", "я")):
            continue
        else:
            out.append((g + "ович", g + "овна"))
    return out


pools = {}
kz_m, kz_f = ranked("KZ", True, "M"), ranked("KZ", True, "F")
pools["kazakh"] = {"surname": surnames(ranked("KZ", False)), "given_m": kz_m, "given_f": kz_f}
ru_m = ranked("RU", True, "M")
pools["russian"] = {"surname": surnames(ranked("RU", False)), "given_m": ru_m, "given_f": ranked("RU", True, "F")}
pools["ukrainian"] = {"surname": surnames(faker_names("uk_UA", "last_name_male", 400)),
                      "given_m": faker_names("uk_UA", "first_name_male", 300),
                      "given_f": faker_names("uk_UA", "first_name_female", 300)}
pools["uzbek"] = {k: [uzbek_cyrillic(n) for n in faker_names("uz_UZ", kind, 300)] for k, kind in
                  (("surname", "last_name_male"), ("given_m", "first_name_male"), ("given_f", "first_name_female"))}
pools["uzbek"]["surname"] = surnames(pools["uzbek"]["surname"])
pools["turkmen"] = {"surname": surnames(ranked("TM", False, script=LAT)), "given_m": ranked("TM", True, "M", script=LAT),
                    "given_f": ranked("TM", True, "F", script=LAT)}
pools["azerbaijani"] = {"surname": surnames(faker_names("az_AZ", "last_name_male", 300)),
                        "given_m": faker_names("az_AZ", "first_name_male", 300),
                        "given_f": faker_names("az_AZ", "first_name_female", 300)}
pools["afghan"] = {"surname": surnames(ranked("AF", False, script=LAT)), "given_m": ranked("AF", True, "M", script=LAT),
                   "given_f": ranked("AF", True, "F", script=LAT)}
pools["german"] = {"surname": ranked("DE", False, script=LAT), "given_m": ranked("DE", True, "M", script=LAT),
                   "given_f": ranked("DE", True, "F", script=LAT)}
# cyrtranslit leaves some Latin letters (y, c) where Tajik has none: those names are left out.
pools["tajik"] = {k: [t for t in (cap(cyrtranslit.to_cyrillic(n.lower(), "tj")) for n in ranked("IR", *a, script=re.compile("[A-Za-z]+"))) if CYR.fullmatch(t)][:800]
                  for k, a in (("surname", (False,)), ("given_m", (True, "M")), ("given_f", (True, "F")))}
pools["tajik"]["surname"] = surnames(pools["tajik"]["surname"])
# Koreans of Kazakhstan (Koryo-saram): the Korean surnames of the KZ list.
KOREAN = {"Ким", "Пак", "Ли", "Цой", "Тен", "Хан", "Шин", "Ан", "Кан", "Югай", "Нам", "Эм", "Ни", "Хегай",
          "Пай", "То", "Тян", "Лим", "Ян", "Ом", "Огай", "Чен", "Со", "Мун", "Чой", "Ким-Пак", "Шегай", "Ен"}
pools["korean"] = {"surname": [s for s in pools["kazakh"]["surname"] if s in KOREAN], "given_m": ru_m[:300],
                   "given_f": ranked("RU", True, "F")[:300]}
for g in ("kazakh", "russian", "ukrainian", "uzbek", "tajik"):
    pools[g]["patronymic"] = patronymics(pools[g]["given_m"], g)

SYSTEMS = []


def code(system):
    if system not in SYSTEMS:
        SYSTEMS.append(system)
    return str(SYSTEMS.index(system))


lines = []
if True:
    for group, kinds in pools.items():
        for kind, names in kinds.items():
            for rank, n in enumerate(names[:900]):
                forms = [n] if isinstance(n, str) else list(n)
                if kind == "surname":
                    forms = [n, female_surname(n)]
                cells = []
                for form in forms:
                    sp = spellings_of(form, group)
                    cells.append(form)
                    cells.append(";".join(",".join(code(x) for x in v) + "=" + k for k, v in sp.items()))
                lines.append("\t".join([group, kind, str(rank)] + cells) + "\n")
with open(OUT, "w", encoding="utf-8") as out:
    out.write("# made by scripts/devset/make_pools.py; sources in its header\n")
    out.write("#systems\t" + "\t".join(SYSTEMS) + "\n")
    out.writelines(lines)
print({g: {k: len(v) for k, v in kinds.items()} for g, kinds in pools.items()})
