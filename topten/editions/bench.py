"""`topten bench click-token [--calls N]`: the cost of one tracked link.

Prints one JSON line with µs per `click_url` call and, as the baseline measured in
the same run, the cost of the bare HMAC-SHA256 it is built on.
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
    print(
        json.dumps(
            {
                "calls": args.calls,
                "click_url_us": round(url_us, 3),
                "verify_us": round(verify_us, 3),
                "baseline_hmac_sha256_us": round(baseline, 3),
                "ratio_to_baseline": round(url_us / baseline, 2),
                "urls_per_message_at_3000_msgs_per_s_cpu_share": round(url_us * 30 * 3000 / 1e6, 3),
            }
        )
    )
    return 0


BENCHMARKS = {"click-token": main}
