#!/usr/bin/env python3
# gen_corpus.py -- a large, varied, deterministic corpus of news pages about
# relations between states, for bench/extract/run.sh. Pages are built from
# sentence templates filled from the lexicon (extract/lexicon/*.tsv):
# people with their spellings, states with names and demonyms, bodies,
# places and capitals, titles; plus unknown Korean and Russian names,
# dates in every header style the reader knows, boilerplate (navigation,
# share lines, ads, "Related" lists), captions and filler prose. The same
# seed gives the same bytes.
#
# Usage: gen_corpus.py OUTDIR [MEGABYTES] [SEED]   (default 200 MB, seed 1)
# Writes OUTDIR/NNNN/article-NNNNNN.txt (1,000 pages per folder).
# SPDX-License-Identifier: MIT
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEX = os.path.join(HERE, "..", "..", "extract", "lexicon")


def rows(name):
    out = []
    with open(os.path.join(LEX, name), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            while len(cols) < 6:
                cols.append("")
            out.append(cols)
    return out


def attrs(s):
    d = {}
    for kv in s.split(";"):
        if "=" in kv:
            k, v = kv.split("=", 1)
            d[k] = v
    return d


def load():
    people, states, orgs, places, titles = [], [], [], [], []
    for c in rows("people.tsv"):
        if c[0] == "Person":
            people.append([c[2]] + [a for a in c[3].split("|") if a])
    for c in rows("states.tsv"):
        if c[0] != "State":
            continue
        a = attrs(c[5])
        dem = [x for x in a.get("demonym", "").split("|") if x]
        cap = [x for x in a.get("capital", "").split("|") if x]
        states.append((c[2], dem, cap))
    for c in rows("orgs.tsv"):
        if c[0] == "Organization" and "{state}" not in c[1] and \
                "pattern=embassy" not in c[5]:
            orgs.append(c[2])
    for c in rows("places.tsv"):
        if c[0] == "Place":
            places.append(c[2])
    for c in rows("titles.tsv"):
        if c[0] == "Title":
            titles.extend([c[2]] + [a for a in c[3].split("|") if a])
    return people, states, orgs, places, titles


PEOPLE, STATES, ORGS, PLACES, TITLES = load()
FOCUS = [s for s in STATES if s[0] in (
    "Russia", "North Korea", "China", "South Korea", "Japan", "Ukraine",
    "United States", "Belarus", "Vietnam", "Iran", "Mongolia", "Laos")] \
    or STATES[:12]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday"]
SURN = ["Kim", "Ri", "Pak", "Choe", "Jo", "Kang", "Han", "Ryu", "Jang",
        "Yun", "Hwang", "Mun", "Ko", "O", "Jon"]
SYL = ["chol", "song", "hui", "nam", "ho", "jin", "myong", "kwang", "sik",
       "il", "u", "dae", "hyok", "yong", "su", "gil", "bok", "chun"]
RFIRST = ["Alexei", "Dmitry", "Igor", "Pavel", "Yuri", "Oleg", "Nikolai",
          "Anna", "Olga", "Irina", "Viktor", "Maxim", "Sergei", "Elena"]
RLAST = ["Volkov", "Sokolov", "Morozov", "Kuznetsov", "Orlov", "Belov",
         "Gromov", "Zaitsev", "Lebedev", "Fedorov", "Kovalev", "Titov"]
TOPICS = ["trade", "energy", "fisheries", "tourism", "education", "health",
          "railway links", "science", "culture", "security", "agriculture",
          "customs", "shipping", "labour exchanges", "space research"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def person(self):
        r = self.r.random()
        if r < 0.55 and PEOPLE:
            return self.pick(self.pick(PEOPLE))
        if r < 0.8:
            g1, g2 = self.pick(SYL), self.pick(SYL)
            sep = self.pick(["-", " "])
            g2 = g2 if sep == "-" else g2.capitalize()
            return "%s %s%s%s" % (self.pick(SURN), g1.capitalize(), sep, g2)
        return "%s %s" % (self.pick(RFIRST), self.pick(RLAST))

    def state(self):
        return self.pick(FOCUS)

    def state_name(self):
        return self.state()[0]

    def demonym(self):
        s = self.state()
        # the adjective ("Russian"), not the plural noun ("Russians")
        return s[1][0] if s[1] else s[0]

    def capital(self):
        s = self.state()
        return self.pick(s[2]) if s[2] else s[0]

    def place(self):
        if self.r.random() < 0.5 or not PLACES:
            return self.capital()
        return self.pick(PLACES)

    def title(self):
        t = self.pick(TITLES) if TITLES else "minister"
        pre = self.pick(["", "", "Deputy ", "Vice ", "First Deputy "])
        return (pre + t[:1].upper() + t[1:]).strip()

    def org(self):
        if self.r.random() < 0.5 and ORGS:
            return self.pick(ORGS)
        return self.pick([
            "the %s Ministry of Foreign Affairs" % self.demonym(),
            "%s's defence ministry" % self.state_name(),
            "the %s Embassy in %s" % (self.demonym(), self.capital()),
            "the Embassy of %s in %s" % (self.state_name(), self.capital()),
        ])

    def when(self):
        r = self.r.random()
        if r < 0.3:
            return "on " + self.pick(DAYS)
        if r < 0.5:
            return "on %s. %d" % (self.pick(MON3), self.r.randint(1, 28))
        if r < 0.65:
            return "in %s" % self.pick(MONTHS)
        if r < 0.75:
            return "last week"
        if r < 0.85:
            return "in %s %d" % (self.pick(MONTHS), self.r.randint(1990, 2025))
        return "earlier this month"

    def sentence(self):
        p, q = self.person(), self.person()
        t = self.r.randrange(16)
        if t == 0:
            return "%s %s %s met %s %s %s in %s %s to discuss %s." % (
                self.demonym(), self.title(), p, self.demonym(),
                self.title(), q, self.place(), self.when(), self.pick(TOPICS))
        if t == 1:
            return "%s, %s's ambassador to %s, said the two countries " \
                "would expand cooperation in %s." % (
                    p, self.state_name(), self.state_name(),
                    self.pick(TOPICS))
        if t == 2:
            o = self.org()
            return "%s hosted a reception %s to mark the %dth anniversary " \
                "of diplomatic relations, attended by %s." % (
                    o[0].upper() + o[1:], self.when(),
                    self.r.randint(2, 90), p)
        if t == 3:
            return "%s will visit %s %s at the invitation of %s %s." % (
                p, self.capital(), self.when(), self.title(), q)
        if t == 4:
            return "%s sent a message of greetings to %s %s on the " \
                "national day." % (p, q, self.when())
        if t == 5:
            return "Officials from %s signed an agreement on %s with " \
                "%s %s." % (self.org(), self.pick(TOPICS), self.org(),
                            self.when())
        if t == 6:
            return "%s troops were deployed to the %s region, %s " \
                "intelligence said." % (self.demonym(), self.pick(RLAST),
                                        self.demonym())
        if t == 7:
            return "%s praised %s for its support and pledged to deepen " \
                "ties with %s." % (p, self.state_name(), self.capital())
        if t == 8:
            return "A forum on %s opened in %s %s with delegations from " \
                "%s, %s and %s." % (self.pick(TOPICS), self.place(),
                                    self.when(), self.state_name(),
                                    self.state_name(), self.state_name())
        if t == 9:
            return "%s denied that %s had met %s." % (
                self.state_name(), p, q)
        if t == 10:
            return "In a speech at the event, %s said relations had " \
                "reached a new level." % p
        if t == 11:
            return "%s could visit %s if the talks go well, %s told " \
                "reporters in %s." % (p, self.capital(), q, self.place())
        if t == 12:
            return "%s %s toured a factory in %s and laid a wreath at a " \
                "memorial." % (self.title(), p, self.place())
        if t == 13:
            return "The %s foreign and defence ministries issued a joint " \
                "statement %s." % (self.demonym(), self.when())
        if t == 14:
            return "Analysts in %s said the trend would continue into " \
                "next year, with more exchanges expected in %s." % (
                    self.capital(), self.pick(TOPICS))
        return "Prices of %s rose slightly as markets in the region " \
            "reacted to the news, according to traders and officials." % (
                self.pick(TOPICS))

    def header(self, i):
        y, m, d = self.r.randint(2015, 2025), self.r.randint(1, 12), \
            self.r.randint(1, 28)
        style = self.r.randrange(8)
        if style == 0:
            return "Published: %d %s. %d, %02d:%02d" % (
                d, MON3[m - 1], y, self.r.randrange(24), self.r.randrange(60))
        if style == 1:
            return "%04d-%02d-%02dT09:15:00+03:00" % (y, m, d)
        if style == 2:
            return "%s, %s %d, %d" % (self.pick(DAYS), MONTHS[m - 1], d, y)
        if style == 3:
            return "Updated 12:40 KST, %s %d %d" % (MON3[m - 1], d, y)
        if style == 4:
            return "%s, %02d %s %d 08:30:00 +0900" % (
                self.pick(DAYS)[:3], d, MON3[m - 1], y)
        if style == 5:
            return "%02d.%02d.%d | 18:20 MSK" % (d, m, y)
        if style == 6:
            return "Tue, %02d-%s-%d" % (d, MON3[m - 1], y)
        return ""

    def article(self, i):
        out = []
        if self.r.random() < 0.5:
            out.append("Home | World | Asia-Pacific | Korean Peninsula")
        out.append("%s and %s discuss %s" % (
            self.state_name(), self.state_name(), self.pick(TOPICS)))
        out.append("")
        h = self.header(i)
        if h:
            out.append(h)
            out.append("")
        out.append("Share post:")
        out.append("")
        for _ in range(self.r.randint(4, 12)):
            para = " ".join(self.sentence()
                            for _ in range(self.r.randint(1, 5)))
            out.append(para)
            out.append("")
            if self.r.random() < 0.1:
                out.append("Advertisement")
                out.append("")
            if self.r.random() < 0.1:
                out.append("%s speaks in %s. [YONHAP]" % (
                    self.person(), self.capital()))
                out.append("")
        out.append("Related")
        out.append("")
        for _ in range(3):
            out.append("%s Weighs New %s Rules" % (
                self.state_name(), self.pick(TOPICS).title()))
            out.append("")
        return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gen_corpus.py OUTDIR [MEGABYTES] [SEED]")
    outdir = sys.argv[1]
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 200.0
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    g = Gen(seed)
    total, i, limit = 0, 0, int(mb * 1e6)
    while total < limit:
        sub = os.path.join(outdir, "%04d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        data = g.article(i).encode("utf-8")
        with open(os.path.join(sub, "article-%06d.txt" % i), "wb") as f:
            f.write(data)
        total += len(data)
        i += 1
    print("%d articles, %d bytes in %s" % (i, total, outdir))


if __name__ == "__main__":
    main()
