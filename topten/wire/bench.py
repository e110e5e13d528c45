"""Wire desk benchmarks.

* `topten bench wire-parse [--repeat N]`: fastfeedparser against feedparser on the
  sample feeds (the XML ones; JSON Feed needs neither), items per second each.
* `topten bench wire-cluster [--items N] [--stories-per-day N]`: a synthetic stream
  at 20,000 items a day over several simulated days; prints items/s per day, so a
  slowdown as history grows shows up (the live window must keep it flat).
"""

import argparse
import itertools
import json
import random
import time


def parse_main(argv) -> int:
    import fastfeedparser
    import feedparser

    from topten.wire import samples

    parser = argparse.ArgumentParser(prog="topten bench wire-parse")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    docs = [
        samples.render(o.slug, base_url="http://127.0.0.1:8000/s")[1]
        for o in samples.OUTLETS
        if o.format != "json"
    ]
    items = sum(len(fastfeedparser.parse(d)["entries"]) for d in docs)
    results = {}
    for name, parse in (("fastfeedparser", fastfeedparser.parse), ("feedparser", feedparser.parse)):
        started = time.perf_counter()
        for _ in range(args.repeat):
            for doc in docs:
                parse(doc)
        elapsed = time.perf_counter() - started
        results[name] = round(items * args.repeat / elapsed, 1)
    print(
        json.dumps(
            {
                "bench": "wire-parse",
                "feeds": len(docs),
                "items": items * args.repeat,
                "fastfeedparser_items_per_s": results["fastfeedparser"],
                "feedparser_items_per_s": results["feedparser"],
                "speedup": round(results["fastfeedparser"] / results["feedparser"], 1),
            }
        )
    )
    return 0


WORDS = [f"w{n}" for n in range(50000)]
PLACES = [f"Place{n}" for n in range(3000)]
# Zipf-like word frequencies, as in real text: a few words everywhere, most words rare.
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(WORDS))))


def _synthetic_item(rng, event):
    place = PLACES[event % len(PLACES)]
    topic = [f"e{event}t{k}" for k in range(4)] + rng.choices(WORDS[:2000], k=2)
    noise = rng.choices(WORDS, cum_weights=CUMULATIVE, k=12)
    title = f"{place} {' '.join(topic[:4])} {noise[0]}"
    text = f"In {place}, {' '.join(topic)} {' '.join(noise)} {event % 97}."
    return title, text


def cluster_main(argv) -> int:
    from topten.wire.clustering import Clusterer, Item

    parser = argparse.ArgumentParser(prog="topten bench wire-cluster")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--per-day", type=int, default=20000)
    parser.add_argument("--items-per-story", type=int, default=8)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    clusterer = Clusterer()
    day_seconds = 86400
    event = 0
    for day in range(args.days):
        batch = []  # generated before the clock starts: only clustering is timed
        for n in range(args.per_day):
            when = day * day_seconds + n * day_seconds / args.per_day
            if n % args.items_per_story == 0:
                event += 1
            title, text = _synthetic_item(rng, max(event - rng.randrange(0, 3), 1))
            batch.append(Item(key=f"{day}-{n}", title=title, text=text, published=when))
        started = time.perf_counter()
        for n, item in enumerate(batch):
            clusterer.add(item)
            if n % 2000 == 1999:  # the worker refines after each pass
                clusterer.refine()
                clusterer.consolidate()
        elapsed = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "bench": "wire-cluster",
                    "day": day + 1,
                    "items": args.per_day,
                    "items_per_s": round(args.per_day / elapsed, 1),
                    "live_stories": len(clusterer.stories),
                    "indexed_terms": len(clusterer.index),
                    "target_items_per_s": 500,
                }
            ),
            flush=True,
        )
    return 0


BENCHMARKS = {"wire-parse": parse_main, "wire-cluster": cluster_main}
