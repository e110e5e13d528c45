import pytest

from topten.editions import actions

pytestmark = pytest.mark.django_db


def headlines(edition):
    return [s.headline for s in edition.slots.order_by("position")]


def add(edition, name):
    return actions.add_slot(
        edition, headline=name, blurb="One. Two.", sources=[("AFP", "https://afp.test/")]
    )


class TestSlotEditing:
    def test_add_fills_the_next_free_position(self, edition):
        first, second = add(edition, "A"), add(edition, "B")
        assert (first.position, second.position) == (1, 2)

    def test_add_from_article_prefills_headline_blurb_and_credit(self, edition, articles):
        slot = actions.add_slot_from_article(edition, articles[0])
        assert slot.headline == articles[0].headline
        assert slot.blurb == articles[0].standfirst
        source = slot.sources.get()
        assert source.name == "AFP"
        assert source.url.endswith(articles[0].get_absolute_url())
        assert slot.article == articles[0]

    def test_moving_up_shifts_the_stories_in_between_down(self, edition):
        slots = [add(edition, name) for name in "ABCDE"]
        actions.move_slot(slots[3], 1)
        assert headlines(edition) == ["D", "A", "B", "C", "E"]

    def test_moving_down_shifts_the_stories_in_between_up(self, edition):
        slots = [add(edition, name) for name in "ABCDE"]
        actions.move_slot(slots[0], 4)
        assert headlines(edition) == ["B", "C", "D", "A", "E"]

    def test_a_move_past_the_end_stops_at_the_last_position(self, edition):
        slots = [add(edition, name) for name in "ABC"]
        actions.move_slot(slots[0], 99)
        assert headlines(edition) == ["B", "C", "A"]

    def test_removing_closes_the_gap(self, edition):
        slots = [add(edition, name) for name in "ABCD"]
        actions.remove_slot(slots[1])
        assert headlines(edition) == ["A", "C", "D"]
        assert list(edition.slots.values_list("position", flat=True)) == [1, 2, 3]

    def test_a_source_must_be_a_web_link(self, edition):
        with pytest.raises(actions.EditionError, match="http or https"):
            actions.add_slot(
                edition, headline="X", blurb="Y.", sources=[("Evil", "javascript:alert(1)")]
            )
        assert edition.slots.count() == 0

    def test_a_headline_is_required(self, edition):
        with pytest.raises(actions.EditionError, match="headline"):
            actions.add_slot(edition, headline=" ", blurb="Y.", sources=[])

    def test_a_blurb_outside_two_to_four_sentences_gets_a_warning(self, edition):
        slot = actions.add_slot(
            edition, headline="X", blurb="Only one sentence.", sources=[("A", "https://a.test/")]
        )
        assert actions.slot_warnings(slot) == ["The blurb has 1 sentence; aim for 2 to 4."]
        slot.blurb = "One. Two! Three?"
        assert actions.slot_warnings(slot) == []
