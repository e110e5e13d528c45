"""Sample feeds for the demo and the tests, written for Topten: every story is fictional.

Seven fictional outlets cover fifteen fictional events, in four formats
(RSS 2.0, Atom, RSS 1.0, JSON Feed), with overlapping coverage: several outlets
per event, two look-alike events that must stay apart (two earthquakes, two
central-bank decisions), and one wire copy republished word for word by two
outlets. Times are relative to "now", so the desk always shows today's news.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape

EVENTS = {
    "quake-varno": (
        "world",
        [
            "Magnitude 6.4 earthquake strikes Varno coast",
            "Strong quake shakes Varno, 12 injured",
            "Varno earthquake: harbour town of Selka damaged",
        ],
        [
            "A magnitude 6.4 earthquake struck the coast of Varno early on Tuesday, damaging homes in the harbour town of Selka.",
            "Twelve people were injured and the port of Selka was closed while engineers inspected the quays.",
            "The Varno Seismic Office said aftershocks of up to magnitude 4.1 were recorded in the following hours.",
        ],
        2,
    ),
    "quake-ostrel": (
        "world",
        [
            "Magnitude 5.1 quake rattles Ostrel highlands",
            "Ostrel earthquake cuts power to 3,000 homes",
        ],
        [
            "A magnitude 5.1 earthquake rattled the Ostrel highlands on Tuesday afternoon, cutting power to about 3,000 homes in Dunmere.",
            "No injuries were reported, and the Ostrel grid operator restored most supplies within four hours.",
            "Geologists in Dunmere said the quake was unrelated to the stronger tremor on the Varno coast.",
        ],
        5,
    ),
    "bank-lumen": (
        "business",
        [
            "Lumen central bank raises rates to 4.25%",
            "Lumenian Reserve lifts interest rate by quarter point",
        ],
        [
            "The Lumenian Reserve raised its main interest rate by a quarter point to 4.25% on Wednesday, citing stubborn food prices.",
            "Governor Hana Oberlin said further increases were possible if inflation stayed above 3% into the spring.",
            "The lumen rose 0.8% against the euro after the announcement.",
        ],
        3,
    ),
    "bank-corvia": (
        "business",
        [
            "Corvia central bank holds rates at 2.5%",
            "Corvian Bank keeps rates on hold, signals cuts",
        ],
        [
            "The Central Bank of Corvia kept its benchmark rate at 2.5% on Wednesday and signalled cuts later in the year.",
            "Governor Paulo Serrat said Corvian inflation had fallen to 1.9%, below the bank's target for the first time since 2021.",
            "Corvian bond yields fell after the decision.",
        ],
        6,
    ),
    "bridge-arlen": (
        "europe",
        [
            "Arlen opens Europe's longest floating bridge",
            "Floating bridge links Arlen and Tessel islands",
            "Arlen's 4.7 km floating bridge opens to traffic",
        ],
        [
            "A 4.7-kilometre floating bridge linking the islands of Arlen and Tessel opened to traffic on Monday after six years of construction.",
            "The bridge replaces a ferry crossing that took 50 minutes; the drive now takes eight.",
            "Engineers anchored the deck to 38 pontoons designed to ride out winter storms.",
        ],
        8,
    ),
    "election-marisol": (
        "americas",
        [
            "Marisol votes in tight presidential run-off",
            "Run-off in Marisol: Vega and Ruiz neck and neck",
        ],
        [
            "Voters in Marisol chose a president on Sunday in a run-off between former mayor Ines Vega and senator Tomas Ruiz.",
            "Turnout reached 71% by mid-afternoon, the electoral council said, the highest since 2009.",
            "Early counts from the capital, Porto Clara, gave Vega a narrow lead.",
        ],
        4,
    ),
    "vaccine-kestrel": (
        "science",
        [
            "Kestrel Institute reports malaria vaccine trial success",
            "New malaria vaccine cuts infections by 77% in trial",
        ],
        [
            "A malaria vaccine developed at the Kestrel Institute cut infections by 77% in a trial of 4,800 children, researchers said on Thursday.",
            "The two-dose vaccine can be stored in an ordinary refrigerator, which makes it easier to distribute.",
            "Lead researcher Amara Diallo said regulators could review the results within a year.",
        ],
        7,
    ),
    "wildfire-sandor": (
        "world",
        [
            "Wildfire forces 9,000 to flee Sandor valley",
            "Sandor wildfire: thousands evacuated as winds rise",
        ],
        [
            "About 9,000 residents of the Sandor valley were ordered to leave their homes on Friday as a wildfire spread across 14,000 hectares.",
            "Firefighters from three neighbouring provinces joined crews battling the blaze near the town of Brevik.",
            "Forecasters expected the strong winds to ease by Sunday.",
        ],
        1,
    ),
    "strike-porthaven": (
        "europe",
        ["Porthaven dock workers strike over automation", "Strike shuts Porthaven container port"],
        [
            "Dock workers at Porthaven began a 48-hour strike on Thursday over plans to automate two container terminals.",
            "The dockers' union said 1,200 jobs were at risk; the port authority said no one would be laid off.",
            "More than 30 ships were waiting to berth by the evening.",
        ],
        9,
    ),
    "comet-telescope": (
        "science",
        [
            "Orla telescope spots comet heading for close pass",
            "Newly found comet to pass near Earth in March",
        ],
        [
            "Astronomers using the Orla Observatory telescope have found a comet that will pass 19 million kilometres from Earth in March.",
            "The comet, named C/2026 Orla, may be visible with binoculars for about two weeks.",
            "It poses no danger to Earth, the observatory said.",
        ],
        10,
    ),
    "football-final": (
        "sport",
        [
            "Rivermouth win the Continental Cup final 2-1",
            "Late header gives Rivermouth Continental Cup",
        ],
        [
            "Rivermouth won the Continental Cup on Saturday, beating Eastbrook 2-1 with a header from Jonah Akers in the 88th minute.",
            "It is the club's first continental title since 1994.",
            "Eastbrook had levelled early in the second half through captain Lior Benn.",
        ],
        11,
    ),
    "flood-kaval": (
        "asia",
        [
            "Monsoon floods cut off 40 villages in Kaval",
            "Kaval floods: army sends boats to stranded villages",
        ],
        [
            "Monsoon floods cut off about 40 villages in the Kaval district on Sunday after the Suri river burst its banks.",
            "The army sent 60 boats and two helicopters to bring food and water to stranded families.",
            "Rainfall in Kaval was three times the August average, the weather service said.",
        ],
        3,
    ),
    "trade-deal": (
        "business",
        [
            "Lumen and Corvia sign trade deal cutting tariffs",
            "Trade pact removes tariffs on 90% of goods",
        ],
        [
            "Lumen and Corvia signed a trade agreement on Monday that removes tariffs on 90% of the goods traded between them.",
            "The deal, negotiated over four years, still has to be ratified by both parliaments.",
            "Farmers' groups in Corvia said the agreement left them exposed to cheaper imports.",
        ],
        12,
    ),
    "museum-theft": (
        "europe",
        [
            "Paintings stolen from Tessel city museum",
            "Thieves take three paintings from Tessel museum",
        ],
        [
            "Thieves stole three 18th-century paintings from the Tessel City Museum overnight, police said on Wednesday.",
            "The paintings, by the landscape painter Ilse Marten, were insured for 2 million euros.",
            "Police are studying footage from 14 cameras around the museum square.",
        ],
        6,
    ),
    "rail-strike-off": (
        "europe",
        [
            "Arlen rail strike called off after pay offer",
            "Train drivers in Arlen accept 6% pay rise",
        ],
        [
            "A national rail strike in Arlen was called off on Tuesday after train drivers accepted a pay rise of 6% over two years.",
            "Services will run normally from Wednesday, the operator said.",
            "The drivers' union had planned to walk out for three days.",
        ],
        2,
    ),
}


SECTIONS = ("business", "science", "sport")


def section_of(key: str) -> str:
    kind = EVENTS[key][0]
    return kind if kind in SECTIONS else "world"


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    format: str  # rss2, atom, rss1, json
    kind: str
    region: str
    trust: float
    events: tuple[str, ...]
    republishes: tuple[str, ...] = ()  # events where the outlet runs the wire copy word for word


OUTLETS = (
    Outlet(
        "meridian-wire",
        "Meridian Wire (sample)",
        "rss2",
        "wire",
        "world",
        1.5,
        (
            "quake-varno",
            "bank-lumen",
            "election-marisol",
            "wildfire-sandor",
            "flood-kaval",
            "trade-deal",
            "rail-strike-off",
            "quake-ostrel",
        ),
    ),
    Outlet(
        "northgate-post",
        "Northgate Post (sample)",
        "rss2",
        "outlet",
        "europe",
        1.0,
        (
            "quake-varno",
            "bridge-arlen",
            "strike-porthaven",
            "museum-theft",
            "bank-lumen",
            "wildfire-sandor",
        ),
        ("quake-varno",),
    ),
    Outlet(
        "harbour-broadcasting",
        "Harbour Broadcasting (sample)",
        "atom",
        "outlet",
        "world",
        1.3,
        (
            "quake-varno",
            "quake-ostrel",
            "bank-corvia",
            "vaccine-kestrel",
            "football-final",
            "election-marisol",
            "flood-kaval",
        ),
    ),
    Outlet(
        "lakeside-daily",
        "Lakeside Daily (sample)",
        "rss1",
        "outlet",
        "europe",
        0.9,
        ("bridge-arlen", "bank-corvia", "comet-telescope", "museum-theft", "rail-strike-off"),
    ),
    Outlet(
        "atlas-review",
        "Atlas Review (sample)",
        "json",
        "outlet",
        "world",
        1.1,
        (
            "vaccine-kestrel",
            "wildfire-sandor",
            "trade-deal",
            "comet-telescope",
            "quake-ostrel",
            "bank-lumen",
        ),
    ),
    Outlet(
        "copper-valley-times",
        "Copper Valley Times (sample)",
        "rss2",
        "outlet",
        "americas",
        0.8,
        ("election-marisol", "quake-varno", "football-final", "strike-porthaven"),
        ("quake-varno",),
    ),
    Outlet(
        "fjordline-notes",
        "Fjordline Notes (sample)",
        "json",
        "blog",
        "europe",
        0.6,
        ("bridge-arlen", "comet-telescope", "flood-kaval"),
    ),
)
OUTLET_BY_SLUG = {o.slug: o for o in OUTLETS}


def _entries(outlet: Outlet, now: dt.datetime, base_url: str):
    for position, key in enumerate(outlet.events):
        _region, headlines, sentences, hours = EVENTS[key]
        index = OUTLETS.index(outlet)
        if key in outlet.republishes:
            title, summary = headlines[0], " ".join(sentences) + " (Meridian Wire)"
        else:
            title = headlines[index % len(headlines)]
            rotated = sentences[index % len(sentences) :] + sentences[: index % len(sentences)]
            summary = " ".join(rotated if index == 0 else rotated[:2])
        published = now - dt.timedelta(hours=hours, minutes=7 * index + position)
        link = f"{base_url}/{key}?utm_source=rss&utm_medium=feed"
        yield {
            "title": title,
            "summary": summary,
            "link": link,
            "guid": f"{outlet.slug}:{key}",
            "published": published,
            "section": section_of(key),
        }


def render(slug: str, *, base_url: str, now: dt.datetime | None = None) -> tuple[str, bytes]:
    """(content type, document) of one sample feed. KeyError for an unknown slug."""
    outlet = OUTLET_BY_SLUG[slug]
    now = (now or dt.datetime.now(dt.UTC)).replace(second=0, microsecond=0)
    site = f"{base_url}/{outlet.slug}"
    entries = list(_entries(outlet, now, site))
    renderer = {"rss2": _rss2, "atom": _atom, "rss1": _rss1, "json": _json}[outlet.format]
    return renderer(outlet, site, entries, now)


def _rss2(outlet, site, entries, now):
    items = "".join(
        f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
        f'<guid isPermaLink="false">{escape(e["guid"])}</guid><category>{e["section"]}</category>'
        f"<pubDate>{e['published']:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
        f"<description>{escape('<p>' + escape(e['summary']) + '</p>')}</description></item>"
        for e in entries
    )
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(outlet.name)}</title><link>{escape(site)}</link>"
        f"<description>Fictional sample feed written for Topten</description>{items}</channel></rss>"
    )
    return "application/rss+xml; charset=utf-8", doc.encode()


def _atom(outlet, site, entries, now):
    items = "".join(
        f'<entry><title>{escape(e["title"])}</title><link rel="alternate" href="{escape(e["link"])}"/>'
        f"<id>urn:topten-sample:{escape(e['guid'])}</id><updated>{e['published']:%Y-%m-%dT%H:%M:%SZ}</updated>"
        f"<published>{e['published']:%Y-%m-%dT%H:%M:%SZ}</published>"
        f'<author><name>Desk</name></author><category term="{e["section"]}"/><summary>{escape(e["summary"])}</summary></entry>'
        for e in entries
    )
    doc = (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{escape(outlet.name)}</title><link href="{escape(site)}"/><id>{escape(site)}</id>'
        f"<updated>{now:%Y-%m-%dT%H:%M:%SZ}</updated>{items}</feed>"
    )
    return "application/atom+xml; charset=utf-8", doc.encode()


def _rss1(outlet, site, entries, now):
    seq = "".join(f'<rdf:li rdf:resource="{escape(e["link"])}"/>' for e in entries)
    items = "".join(
        f'<item rdf:about="{escape(e["link"])}"><title>{escape(e["title"])}</title>'
        f"<link>{escape(e['link'])}</link><description>{escape(e['summary'])}</description>"
        f"<dc:date>{e['published']:%Y-%m-%dT%H:%M:%SZ}</dc:date></item>"
        for e in entries
    )
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{escape(site)}"><title>{escape(outlet.name)}</title><link>{escape(site)}</link>'
        f"<description>Fictional sample feed written for Topten</description><items><rdf:Seq>{seq}</rdf:Seq></items></channel>"
        f"{items}</rdf:RDF>"
    )
    return "application/rdf+xml; charset=utf-8", doc.encode()


def _json(outlet, site, entries, now):
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "home_page_url": site,
        "items": [
            {
                "id": e["guid"],
                "url": e["link"],
                "title": e["title"],
                "summary": e["summary"],
                "date_published": e["published"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                "tags": [e["section"]],
            }
            for e in entries
        ],
    }
    return "application/feed+json; charset=utf-8", json.dumps(doc).encode()
