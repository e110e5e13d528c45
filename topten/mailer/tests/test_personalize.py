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

    def test_fast_signed_urls_match_the_audience_links(self, settings, db):
        from topten.audience import links
        from topten.mailer.personalize import fast_signed_url

        unsubscribe = fast_signed_url(links.UNSUBSCRIBE)
        preferences = fast_signed_url(links.PREFERENCES)
        for subscriber_id in (1, 42, 123456789):
            assert unsubscribe(subscriber_id) == links.unsubscribe_url(subscriber_id)
            assert preferences(subscriber_id) == links.preferences_url(subscriber_id)

    def test_fast_click_urls_give_all_of_a_readers_links_at_once(self, settings, db):
        from topten.editions.clicks import click_url
        from topten.mailer.personalize import fast_click_urls

        urls = fast_click_urls()(7, 99, (0, 3, 19))
        assert urls == [click_url(7, 99, i) for i in (0, 3, 19)]

    def test_fast_click_urls_match_for_every_link_of_a_long_edition(self, settings, db):
        from topten.editions.clicks import SQUEEZED_LINKS, click_url
        from topten.mailer.personalize import fast_click_urls

        fast = fast_click_urls()
        links = tuple(range(40))
        assert fast(7, 99, links) == [click_url(7, 99, i) for i in links]
        assert fast(7, 2**63 - 1, (5,)) == [click_url(7, 2**63 - 1, 5)]
        assert fast(7, 99, ()) == []
        # An index past the squeezed range: every link the general way, still equal.
        mixed = (0, 3, SQUEEZED_LINKS)
        assert fast(7, 99, mixed) == [click_url(7, 99, i) for i in mixed]
