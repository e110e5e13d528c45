from xml.dom.minidom import parseString

from topten.lib.svgchart import Series, bar_chart, line_chart, nice_ticks


class TestSvgChart:
    def test_a_line_chart_is_well_formed_svg_with_title_and_desc(self):
        svg = line_chart(["1 May", "2 May"], [Series("New", [3, 5])], title="Growth")
        root = parseString(svg).documentElement
        assert root.getAttribute("role") == "img"
        assert root.getElementsByTagName("title")[0].firstChild.data == "Growth"
        assert "New: total 8, highest 5" in root.getElementsByTagName("desc")[0].firstChild.data

    def test_text_is_escaped(self):
        svg = bar_chart(["<b>"], [Series("A & B", [1])], title="<script>")
        assert "<script>" not in svg and "&lt;script&gt;" in svg
        parseString(svg)

    def test_a_stacked_bar_chart_draws_one_rect_per_value(self):
        svg = bar_chart(
            ["a", "b"], [Series("X", [1, 2]), Series("Y", [3, 0])], title="t", stacked=True
        )
        assert svg.count("<rect x=") - 2 == 3  # minus the two legend swatches

    def test_an_empty_chart_says_so(self):
        assert "No data yet" in line_chart([], [Series("New", [])], title="t")

    def test_ticks_are_round_and_cover_the_maximum(self):
        assert nice_ticks(7) == [0, 2, 4, 6, 8]
        assert nice_ticks(0) == [0, 1]
