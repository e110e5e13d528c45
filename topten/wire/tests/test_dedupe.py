from topten.wire.dedupe import NearDuplicateIndex, canonical_url, jaccard

WIRE = "A magnitude 6.4 earthquake struck the coast of Varno early on Tuesday, damaging homes in the harbour town of Selka. Twelve people were injured."


class TestDedupe:
    def test_tracking_parameters_fragments_and_default_ports_are_removed(self):
        url = "HTTPS://News.Example:443/a/b?id=7&utm_source=x&fbclid=1&gclid=2&mc_cid=3#section"
        assert canonical_url(url) == "https://news.example/a/b?id=7"

    def test_a_republished_wire_copy_is_found(self):
        index = NearDuplicateIndex()
        index.add("wire", WIRE)
        match = index.find(WIRE + " (Meridian Wire)")
        assert match is not None and match.key == "wire"

    def test_different_reports_of_the_same_event_are_not_duplicates(self):
        index = NearDuplicateIndex()
        index.add("wire", WIRE)
        other = "Twelve people were hurt when a strong quake hit Varno; the port of Selka closed while engineers checked the quays."
        assert index.find(other) is None
        assert jaccard(WIRE, other) < 0.3

    def test_the_index_keeps_at_most_its_capacity(self):
        index = NearDuplicateIndex(capacity=3)
        for n in range(6):
            index.add(str(n), f"{WIRE} version {n} " * 2)
        assert list(index.signatures) == ["3", "4", "5"]
