from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from topten.web import feeds, views
from topten.web.cache import public_page
from topten.web.sitemaps import SITEMAPS

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/<slug:slug>/", views.article, name="article"),
    path("section/<slug:slug>/", views.section, name="section"),
    path("section/<slug:slug>/feed/", feeds.SectionFeed(), name="section_rss"),
    path("section/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("author/<slug:slug>/", views.author, name="author"),
    re_path(r"^(?P<year>[0-9]{4})/$", views.archive, name="archive_year"),
    re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", views.archive, name="archive_month"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        views.archive,
        name="archive_day",
    ),
    path("search/", views.search_page, name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
    path("share/<int:article_id>/<str:network>/", views.share, name="share"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
]
