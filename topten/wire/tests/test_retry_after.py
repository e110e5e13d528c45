from topten.lib.fetch import parse_retry_after

NOW = 1_800_000_000.0  # 2027-01-15 08:00:00 UTC


class TestRetryAfter:
    def test_seconds_are_read_as_they_are(self):
        assert parse_retry_after("120", now=NOW) == 120

    def test_an_http_date_becomes_seconds_from_now(self):
        assert parse_retry_after("Fri, 15 Jan 2027 08:10:00 GMT", now=NOW) == 600

    def test_a_date_in_the_past_means_no_wait(self):
        assert parse_retry_after("Fri, 15 Jan 2027 07:00:00 GMT", now=NOW) == 0

    def test_garbage_is_ignored(self):
        assert parse_retry_after("soon", now=NOW) is None
        assert parse_retry_after("", now=NOW) is None
