from topten.wire.clustering import ClusterConfig, Clusterer, Item, score_clustering

QUAKE_A = [
    Item(
        "a1",
        "Magnitude 6.4 earthquake strikes Varno coast",
        "A magnitude 6.4 earthquake struck Varno near the town of Selka, injuring 12.",
        0,
    ),
    Item(
        "a2",
        "Varno quake injures 12 in Selka",
        "Twelve people were hurt in Selka when a 6.4 quake hit the Varno coast.",
        60,
    ),
    Item(
        "a3",
        "Selka port closed after Varno earthquake",
        "The port of Selka in Varno closed after the magnitude 6.4 earthquake.",
        120,
    ),
]
QUAKE_B = [
    Item(
        "b1",
        "Magnitude 5.1 earthquake rattles Ostrel highlands",
        "A magnitude 5.1 earthquake rattled the Ostrel highlands near Dunmere, cutting power.",
        30,
    ),
    Item(
        "b2",
        "Ostrel quake cuts power in Dunmere",
        "Power was cut to 3,000 homes in Dunmere after the 5.1 earthquake in Ostrel.",
        90,
    ),
]


def run(items, **config):
    clusterer = Clusterer(ClusterConfig(**config))
    for item in items:
        clusterer.add(item)
    clusterer.consolidate()
    return clusterer


class TestClustering:
    def test_coverage_of_one_event_forms_one_story(self):
        labels = run(QUAKE_A).labels()
        assert len(set(labels.values())) == 1

    def test_two_earthquakes_in_different_places_stay_apart(self):
        labels = run(sorted(QUAKE_A + QUAKE_B, key=lambda i: i.published)).labels()
        assert len({labels[i.key] for i in QUAKE_A}) == 1
        assert len({labels[i.key] for i in QUAKE_B}) == 1
        assert labels["a1"] != labels["b1"]

    def test_an_item_seen_twice_is_assigned_once(self):
        clusterer = run(QUAKE_A)
        assert clusterer.add(QUAKE_A[0]) == clusterer.labels()["a1"]
        assert sum(s.size for s in clusterer.stories.values()) == 3

    def test_stories_older_than_the_window_expire_and_leave_the_index(self):
        clusterer = run(QUAKE_A, window_seconds=3600)
        clusterer.add(
            Item("late", "Comet found by Orla telescope", "Astronomers found a comet.", 10 * 3600)
        )
        assert len(clusterer.stories) == 1
        assert all(len(clusterer.stories) >= len(p) for p in clusterer.index.values())

    def test_the_live_story_set_is_bounded(self):
        clusterer = run(
            [
                Item(
                    f"i{n}", f"Unrelated headline number {n} about topic{n}", f"word{n} text{n}", n
                )
                for n in range(50)
            ],
            max_live_stories=10,
        )
        assert len(clusterer.stories) <= 11

    def test_b_cubed_scores_a_perfect_clustering_as_one(self):
        scores = score_clustering({"a": "x", "b": "x", "c": "y"}, {"a": 1, "b": 1, "c": 2})
        assert (scores.b3_f1, scores.pairwise_f1) == (1.0, 1.0)

    def test_b_cubed_punishes_merging_two_stories(self):
        scores = score_clustering(
            {"a": "x", "b": "x", "c": "y", "d": "y"}, {"a": 1, "b": 1, "c": 1, "d": 1}
        )
        assert scores.b3_recall == 1.0
        assert scores.b3_precision == 0.5

    def test_refine_splits_a_story_that_holds_two_events(self):
        items = [
            Item(
                "a1",
                "Varno earthquake injures 12 in Selka",
                "Selka harbour Varno quake injured twelve, port closed.",
                0,
            ),
            Item(
                "a2",
                "Selka port shut after Varno quake",
                "Varno quake: Selka harbour port closed, twelve injured.",
                1,
            ),
            Item(
                "a3",
                "Twelve hurt in Selka as quake hits Varno",
                "Selka Varno harbour quake, port closed, twelve hurt.",
                2,
            ),
            Item(
                "b1",
                "Ostrel quake cuts power in Dunmere",
                "Dunmere Ostrel highlands quake, power cut to homes, grid.",
                3,
            ),
            Item(
                "b2",
                "Dunmere homes lose power after Ostrel tremor",
                "Ostrel Dunmere grid operator restored power, highlands quake.",
                4,
            ),
            Item(
                "b3",
                "Power back in Dunmere after Ostrel quake",
                "Ostrel grid power Dunmere highlands homes restored after quake.",
                5,
            ),
        ]
        clusterer = run(items, join_threshold=0.0, merge_threshold=0.99)
        assert len(set(clusterer.labels().values())) == 1
        splits = clusterer.refine()
        labels = clusterer.labels()
        assert len(splits) == 1
        assert (
            labels["a1"]
            == labels["a2"]
            == labels["a3"]
            != labels["b1"]
            == labels["b2"]
            == labels["b3"]
        )

    def test_an_orphan_is_adopted_by_the_story_its_headline_names(self):
        items = [
            Item("v1", "Strong quake hits the Varno coast", "A quake hit Varno near Selka.", 0),
            Item("v2", "Twelve hurt as quake hits Varno", "Twelve were hurt in Selka, Varno.", 1),
            Item("v3", "Port closed after Varno quake", "Selka port in Varno closed.", 2),
        ]
        clusterer = run(
            items, join_threshold=0.99, merge_threshold=0.99, adopt_threshold=0.05, orphan_size=2
        )
        assert len(set(clusterer.labels().values())) == 1

    def test_an_orphan_is_not_adopted_by_a_look_alike_event(self):
        items = sorted(QUAKE_A[:2] + QUAKE_B[:1], key=lambda i: i.published)
        clusterer = run(
            items, join_threshold=0.99, merge_threshold=0.99, adopt_threshold=0.0, orphan_size=1
        )
        labels = clusterer.labels()
        assert labels["b1"] not in (labels["a1"], labels["a2"])
