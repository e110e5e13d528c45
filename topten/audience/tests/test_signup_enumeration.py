"""Sign-up answers are the same, in content and timing, whatever the address."""

import time

import pytest
from django.urls import reverse

from topten.audience.tests.helpers import signup_data
from topten.audience.tests.personas import make_confirmed, make_pending, make_unsubscribed

pytestmark = pytest.mark.django_db
ROUNDS = 60  # enough to flag a 3 ms difference (D ~ 0.45 against 0.36)


def ks_statistic(a, b):
    """Two-sample Kolmogorov-Smirnov D: the largest gap between the two ECDFs."""
    points = sorted(set(a) | set(b))
    a, b = sorted(a), sorted(b)

    def ecdf(sample, x):
        lo, hi = 0, len(sample)
        while lo < hi:
            mid = (lo + hi) // 2
            if sample[mid] <= x:
                lo = mid + 1
            else:
                hi = mid
        return lo / len(sample)

    return max(abs(ecdf(a, x) - ecdf(b, x)) for x in points)


def ks_critical(n, m, alpha_coefficient=1.95):
    # c(alpha) = 1.95 for alpha = 0.001: D above this means "different distributions".
    return alpha_coefficient * ((n + m) / (n * m)) ** 0.5


@pytest.fixture
def addresses(settings):
    settings.AUDIENCE_SIGNUP_RATE = "100000/h"
    make_pending("pending@example.com")
    make_confirmed("confirmed@example.com")
    make_unsubscribed("gone@example.com")
    return {
        "pending": lambda i: "pending@example.com",
        "confirmed": lambda i: "confirmed@example.com",
        "unsubscribed": lambda i: "gone@example.com",
        "new": lambda i: f"new{i}@example.com",
    }


def timed_signups(client, addresses, rounds=ROUNDS):
    timings = {case: [] for case in addresses}
    bodies = {case: set() for case in addresses}
    url = reverse("audience:index")
    for i in range(rounds):  # interleaved, so machine noise hits every case alike
        for case, address in addresses.items():
            started = time.perf_counter()
            response = client.post(url, signup_data(address(i)), follow=True)
            timings[case].append(time.perf_counter() - started)
            bodies[case].add(response.content.replace(address(i).encode(), b""))
    return timings, bodies


class TestSignupEnumeration:
    def test_every_kind_of_address_gets_the_same_page(self, client, addresses):
        _, bodies = timed_signups(client, addresses, rounds=5)
        pages = set().union(*bodies.values())
        assert len(pages) == 1

    def test_the_timing_distributions_are_indistinguishable(self, client, addresses):
        timings, _ = timed_signups(client, addresses)
        baseline = timings.pop("new")
        for case, sample in timings.items():
            d = ks_statistic(baseline, sample)
            assert d < ks_critical(len(baseline), len(sample)), (case, d)
