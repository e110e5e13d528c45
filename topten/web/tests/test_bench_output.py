from topten.web.bench import parse_wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.81ms    1.20ms  30.00ms   90.00%
  Latency Distribution
     50%    7.66ms
     75%    8.10ms
     90%    9.00ms
     99%    1.08s
  81679 requests in 10.00s, 1.20GB read
  Non-2xx or 3xx responses: 3
Requests/sec:   8167.94
Transfer/sec:    122.00MB
"""


class TestBenchOutput:
    def test_it_reads_rate_and_percentiles_from_wrk_in_milliseconds(self):
        figures = parse_wrk(WRK_OUTPUT)
        assert figures["req_per_s"] == 8167.9
        assert figures["p50_ms"] == 7.66
        assert figures["p99_ms"] == 1080.0
        assert figures["non_2xx"] == 3

    def test_microseconds_are_converted(self):
        assert parse_wrk("     50%  170.00us\n")["p50_ms"] == 0.17
