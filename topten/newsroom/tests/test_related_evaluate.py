import json

import pytest
from django.core.management import CommandError, call_command

from topten.newsroom.evaluate import EvaluationError, evaluate_here, precision_at_k
from topten.newsroom.models import Article

PLACES = [
    ("Valmora", "Teodoro", "6.1"),
    ("Heimdorf", "Lindqvar", "5.4"),
    ("Miravel", "Aulstrand", "4.8"),
]
ANGLES = [
    "strikes",
    "damages the harbour of",
    "closes schools in",
    "aftershocks hit",
    "aid reaches",
]


def labelled_line(n: int, place: str, person: str, size: str, angle: str) -> str:
    return json.dumps(
        {
            "id": f"a{n}",
            "title": f"Earthquake of {size} {angle} {place}",
            "text": f"A {size} earthquake {angle} {place}.\nMayor {person} of {place} spoke.",
            "story": place,
        }
    )


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "stories.jsonl"
    lines = [
        labelled_line(n, place, person, size, angle)
        for n, ((place, person, size), angle) in enumerate((p, a) for p in PLACES for a in ANGLES)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


class TestRelatedEvaluate:
    def test_it_prints_one_json_line_with_the_precision(self, labelled, capsys):
        call_command("related", "evaluate", str(labelled))
        lines = capsys.readouterr().out.strip().splitlines()
        assert len(lines) == 1
        result = json.loads(lines[0])
        assert set(result) == {"articles", "precision_at_4", "seconds"}
        assert result["articles"] == 15
        assert result["precision_at_4"] == 1.0

    @pytest.mark.django_db
    def test_it_leaves_the_real_database_alone(self, labelled):
        call_command("related", "evaluate", str(labelled))
        assert not Article.objects.exists()

    @pytest.mark.django_db
    def test_loading_into_a_database_that_is_not_throwaway_is_refused(self, labelled):
        with pytest.raises(EvaluationError, match="throwaway"):
            evaluate_here(labelled)

    def test_a_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="cannot read"):
            call_command("related", "evaluate", str(tmp_path / "nope.jsonl"))

    def test_a_broken_line_is_named(self, labelled):
        labelled.write_text(labelled.read_text() + "{not json\n")
        with pytest.raises(CommandError, match=r"stories.jsonl:16: not JSON"):
            call_command("related", "evaluate", str(labelled))

    def test_a_missing_field_is_named(self, tmp_path):
        path = tmp_path / "x.jsonl"
        path.write_text('{"id": 1, "title": "a", "text": "b"}\n{"id": 2}\n')
        with pytest.raises(CommandError, match=r"x.jsonl:1: missing field\(s\) story"):
            call_command("related", "evaluate", str(path))

    def test_precision_counts_an_empty_slot_as_wrong(self):
        story = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 1}
        assert precision_at_k({"a": ["b", "c", "d"]}, story) == 0.5
        assert precision_at_k({"a": ["b", "c", "e", "d"], "b": ["a", "c", "e", "d"]}, story) == 0.75
