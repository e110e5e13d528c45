from topten.mailer.personalize import compile_template, fast_click_url


class TestPersonalize:
    def test_it_fills_placeholders_between_literals(self):
        template = compile_template("Hi [[first_name]], <a href='[[click:2]]'>x</a>")
        filled = template.fill({"first_name": "Ann", ("click", 2): "https://t/r/1/"})
        assert filled == "Hi Ann, <a href='https://t/r/1/'>x</a>"

    def test_html_templates_escape_the_first_name(self):
        template = compile_template("<p>Hi [[first_name]]</p>", escape=True)
        assert template.fill({"first_name": "<b>Bo</b>"}) == "<p>Hi &lt;b&gt;Bo&lt;/b&gt;</p>"

    def test_it_lists_the_tracked_links(self):
        assert compile_template("[[click:3]] [[click:0]] [[click:3]]").link_indexes == (0, 3)

    def test_fast_click_urls_match_the_editions_tokens(self, settings, db):
        from topten.editions.clicks import click_url

        fast = fast_click_url()
        for args in [(1, 2, 0), (77, 123456789, 19), (2**40, 1, 65535)]:
            assert fast(*args) == click_url(*args)
