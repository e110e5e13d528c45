from topten.wire.drafting import best_headline, draft_blurb, split_sentences

TEXTS = [
    "A magnitude 6.4 earthquake struck the coast of Varno on Tuesday, damaging homes in Selka. Twelve people were injured in Selka. Click here to subscribe:",
    "Twelve people were injured when the earthquake struck Varno, officials said. The port of Selka was closed while engineers inspected the quays.",
    "Aftershocks of up to magnitude 4.1 followed the Varno earthquake, the seismic office said.",
]


class TestDrafting:
    def test_the_blurb_has_two_or_three_sentences_from_the_coverage(self):
        blurb = draft_blurb(TEXTS)
        sentences = split_sentences(blurb)
        assert 2 <= len(sentences) <= 3
        assert all(any(s in text for text in TEXTS) for s in sentences)

    def test_near_repeated_sentences_are_used_once(self):
        blurb = draft_blurb(TEXTS)
        assert blurb.count("Twelve people were injured") <= 1

    def test_no_coverage_gives_an_empty_blurb(self):
        assert draft_blurb(["", "Short."]) == ""

    def test_the_best_headline_prefers_trusted_sources_and_no_shouting(self):
        headlines = [
            ("QUAKE HITS VARNO COAST INJURING TWELVE PEOPLE", 2.0),
            ("Magnitude 6.4 earthquake strikes the Varno coast", 1.5),
            ("Quake", 3.0),
        ]
        assert best_headline(headlines) == "Magnitude 6.4 earthquake strikes the Varno coast"
