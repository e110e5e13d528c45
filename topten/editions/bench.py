"""`topten bench click-token [--calls N]`: the cost of one tracked link.

Prints one JSON line with µs per `click_url` call, per message of 20 links the send
loop's way (`topten.mailer.personalize.ClickURLs`, one squeeze for them all) and, as
the baseline measured in the same run, the cost of a bare HMAC-SHA256.
"""

import argparse
import hashlib
import hmac
import json
import time

from topten.editions.clicks import click_url, read_click_token


def _per_call_us(fn, calls: int) -> float:
    start = time.perf_counter()
    for i in range(calls):
        fn(i)
    return (time.perf_counter() - start) / calls * 1e6


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="topten bench click-token")
    parser.add_argument("--calls", type=int, default=200_000)
    args = parser.parse_args(argv)
    key = b"k" * 32
    baseline = _per_call_us(
        lambda i: hmac.digest(key, i.to_bytes(18, "big"), hashlib.sha256), args.calls
    )
    url_us = _per_call_us(lambda i: click_url(4321, i, i % 20), args.calls)
    token = click_url(4321, 99, 3).rsplit("/", 2)[-2]
    verify_us = _per_call_us(lambda i: read_click_token(token), args.calls)
    from topten.mailer.personalize import fast_click_urls

    links = tuple(range(20))
    message_urls = fast_click_urls()
    message_us = _per_call_us(lambda i: message_urls(4321, i, links), max(1, args.calls // 20))
    print(
        json.dumps(
            {
                "calls": args.calls,
                "click_url_us": round(url_us, 3),
                "verify_us": round(verify_us, 3),
                "baseline_hmac_sha256_us": round(baseline, 3),
                "ratio_to_baseline": round(url_us / baseline, 2),
                "send_loop_20_links_us": round(message_us, 3),
                "send_loop_ratio_to_20_hmacs": round(message_us / (20 * baseline), 2),
            }
        )
    )
    return 0


BENCHMARKS = {"click-token": main}
