from topten.newsroom.related import Doc, Match, Model, name_tokens, related
from topten.newsroom.tests.stories import MARATHON, QUAKE_KESSEL, QUAKE_VALMORA


def docs_of(*stories) -> list[Doc]:
    pairs = [pair for story in stories for pair in story]
    return [Doc(id=i, title=title, text=text) for i, (title, text) in enumerate(pairs, start=1)]


class TestRelatedPosts:
    def test_articles_of_the_same_story_come_before_a_look_alike_story(self):
        docs = docs_of(QUAKE_VALMORA, QUAKE_KESSEL, MARATHON)  # ids 1-3, 4-6, 7-8
        result = related(docs, [1, 4], limit=2)
        assert {m.id for m in result[1]} == {2, 3}
        assert {m.id for m in result[4]} == {5, 6}

    def test_an_article_is_never_related_to_itself(self):
        docs = docs_of(QUAKE_VALMORA, QUAKE_KESSEL)
        result = related(docs, [d.id for d in docs], limit=10)
        assert all(m.id != pk for pk, matches in result.items() for m in matches)

    def test_it_returns_at_most_the_limit_best_first(self):
        docs = docs_of(QUAKE_VALMORA, QUAKE_KESSEL, MARATHON)
        matches = related(docs, [1])[1]
        assert len(matches) == 4
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)

    def test_an_article_sharing_no_words_is_not_related(self):
        docs = [
            Doc(1, "Glacier stations report hourly", "Melt rates from sixty glaciers."),
            Doc(2, "Glacier stations double", "Sixty glaciers now report melt rates."),
            Doc(3, "Orchestra premieres score", "Violins and cellos filled the hall."),
        ]
        assert [m.id for m in related(docs, [1])[1]] == [2]

    def test_identical_candidates_keep_the_window_order(self):
        docs = [Doc(1, "Canal locks open", "Ships pass.")] + [
            Doc(pk, "Canal locks open wider", "More ships pass the locks.") for pk in (7, 3, 5)
        ]
        assert [m.id for m in related(docs, [1], limit=3)[1]] == [7, 3, 5]

    def test_targets_outside_the_window_are_ignored(self):
        assert related(docs_of(MARATHON), [99]) == {}

    def test_a_window_of_one_article_has_nothing_related(self):
        assert related([Doc(1, "Alone", "Only article.")], [1]) == {1: []}

    def test_articles_without_usable_words_give_empty_lists(self):
        docs = [Doc(1, "the", ""), Doc(2, "and", ""), Doc(3, "of", "")]
        assert related(docs, [1, 2]) == {1: [], 2: []}

    def test_tags_count_as_shared_names(self):
        docs = [
            Doc(1, "Harbour road works", "Works start.", tags=("norvik",)),
            Doc(2, "Bridge works", "Works start.", tags=("castellan",)),
            Doc(3, "Tram works", "Works start.", tags=("norvik",)),
        ]
        assert related(docs, [1], limit=1)[1][0].id == 3

    def test_one_model_answers_several_questions(self):
        model = Model(docs_of(QUAKE_VALMORA, MARATHON))
        assert [m.id for m in model.related([4], limit=1)[4]] == [5]
        assert isinstance(model.related([1])[1][0], Match)

    def test_name_tokens_are_capitalised_words_and_numbers(self):
        text = "Quake of 6.2 hits Valmora; 1,200 hurt, says Mayor Teodoro"
        assert name_tokens(text) == "quake 6.2 valmora 1200 mayor teodoro"
