import json

import pytest
from django.core.management import CommandError, call_command

ROWS = [
    {
        "id": "1",
        "title": "Magnitude 6.4 earthquake strikes Varno coast",
        "text": "A 6.4 quake hit Varno near Selka.",
        "story": "v",
    },
    {
        "id": "2",
        "title": "Varno quake injures 12 in Selka",
        "text": "Twelve hurt in Selka, Varno, after the 6.4 quake.",
        "story": "v",
    },
    {
        "id": "3",
        "title": "Lumenian Reserve raises rates to 4.25%",
        "text": "Governor Hana Oberlin raised the rate.",
        "story": "l",
    },
]


class TestEvaluateCommand:
    def test_it_prints_one_json_line_with_every_figure(self, tmp_path, capsys):
        path = tmp_path / "stories.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in ROWS))
        call_command("wire", "evaluate", str(path))
        result = json.loads(capsys.readouterr().out.strip())
        assert set(result) == {
            "articles",
            "stories_true",
            "stories_found",
            "b3_precision",
            "b3_recall",
            "b3_f1",
            "pairwise_f1",
            "items_per_s",
        }
        assert result["articles"] == 3 and result["stories_true"] == 2

    def test_a_bad_line_names_its_number(self, tmp_path):
        path = tmp_path / "bad.jsonl"
        path.write_text(json.dumps(ROWS[0]) + "\n{not json\n")
        with pytest.raises(CommandError, match=":2:"):
            call_command("wire", "evaluate", str(path))

    @pytest.mark.django_db
    def test_opml_import_and_export_work_from_the_command_line(self, tmp_path, capsys):
        path = tmp_path / "feeds.opml"
        path.write_text(
            '<opml version="2.0"><body><outline text="One" xmlUrl="https://one.example/feed"/></body></opml>'
        )
        call_command("wire", "import-opml", str(path))
        call_command("wire", "export-opml")
        out = capsys.readouterr().out
        assert "added 1 source(s)" in out and 'xmlUrl="https://one.example/feed"' in out
