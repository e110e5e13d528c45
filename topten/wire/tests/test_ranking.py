from topten.wire.ranking import Coverage, rank

NOW = 1_000_000.0
HOUR = 3600


def coverage(n, kind="outlet", age_hours=0.5):
    return [
        Coverage(source=f"S{i}", kind=kind, trust=1.0, seen_at=NOW - age_hours * HOUR, position=5)
        for i in range(n)
    ]


class TestRanking:
    def test_broader_coverage_ranks_higher(self):
        assert rank(coverage(8), NOW).score > rank(coverage(2), NOW).score

    def test_recent_coverage_ranks_higher_than_old(self):
        assert (
            rank(coverage(4, age_hours=0.5), NOW).score > rank(coverage(4, age_hours=20), NOW).score
        )

    def test_wire_agencies_add_prominence(self):
        assert rank(coverage(3, kind="wire"), NOW).prominence > rank(coverage(3), NOW).prominence

    def test_a_story_already_in_an_edition_loses_novelty(self):
        assert rank(coverage(3), NOW, already_run=True).score < rank(coverage(3), NOW).score

    def test_the_explanation_names_counts_and_sources(self):
        items = [
            Coverage("AFP", "wire", 1.5, NOW - 600),
            Coverage("Reuters", "wire", 1.5, NOW - 900),
            Coverage("BBC", "outlet", 1.3, NOW - 5 * HOUR),
        ]
        assert rank(items, NOW).explain() == "3 sources, 2 in the last 2 hours, AFP + Reuters + BBC"

    def test_one_source_counts_once_however_many_items(self):
        items = [Coverage("AFP", "wire", 1.5, NOW - 60 * i) for i in range(5)]
        assert rank(items, NOW).sources == 1
