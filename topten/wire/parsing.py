"""Feed parsing and item normalisation: RSS 0.9x/1.0/2.0, Atom and JSON Feed.

Chosen by measurement (`topten bench wire-parse`, on the sample feeds in
`samples.py`): fastfeedparser parses the XML formats much faster than
feedparser, so it is the default; feedparser is the fallback for malformed XML
that fastfeedparser gives up on. Neither reads JSON Feed, which is plain JSON.

Every XML document is first checked with defusedxml, so entity expansion
(billion laughs), external entities (XXE) and DTD tricks are refused before a
lenient parser sees them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from topten.lib.sanitize import clean_html, plain_text
from topten.wire.dedupe import canonical_url

MAX_ITEMS = 500
MAX_TITLE = 300
MAX_SUMMARY = 2000
EARLIEST = dt.datetime(1995, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(hours=1)


class FeedError(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self):
        return f"{self.kind}: {self.message}"


@dataclass
class ParsedItem:
    title: str
    link: str
    guid: str
    published: dt.datetime | None
    summary: str = ""
    summary_html: str = ""
    author: str = ""
    image: str = ""
    position: int = 0
    categories: tuple[str, ...] = ()


@dataclass
class ParsedFeed:
    format: str
    title: str = ""
    link: str = ""
    items: list[ParsedItem] = field(default_factory=list)


def parse_feed(body: bytes, *, base_url: str = "", now: dt.datetime | None = None) -> ParsedFeed:
    """Parse a feed document. Raises FeedError with a kind for anything that is not a usable feed."""
    now = now or dt.datetime.now(dt.UTC)
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise FeedError("empty", "the response was empty")
    if stripped[:1] in (b"{", b"["):
        return _parse_json_feed(stripped, base_url, now)
    head = stripped[:512].lower()
    if b"<html" in head or b"<!doctype html" in head:
        raise FeedError("not_a_feed", "this is an HTML page, not a feed")
    _check_xml(stripped)
    return _parse_xml_feed(stripped, base_url, now)


def _check_xml(body: bytes) -> None:
    try:
        root = SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise FeedError("xml_bomb", f"refused XML entities or DTD ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        if _bad_utf8(body):
            raise FeedError("bad_encoding", "the feed is not valid UTF-8 as it declares") from None
        raise FeedError("malformed", f"the XML is not well-formed: {exc}") from None
    tag = root.tag.rsplit("}", 1)[-1].lower()
    if tag not in ("rss", "feed", "rdf", "channel"):
        raise FeedError("not_a_feed", f"the document is <{tag}>, not a feed")


def _bad_utf8(body: bytes) -> bool:
    declared = re.search(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", body[:200])
    encoding = declared.group(1).decode().lower() if declared else "utf-8"
    if encoding not in ("utf-8", "utf8"):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _parse_xml_feed(body: bytes, base_url: str, now) -> ParsedFeed:
    try:
        import fastfeedparser

        data = fastfeedparser.parse(body)
        fmt = "xml"
    except Exception:  # noqa: BLE001 - any failure falls back to the lenient parser
        import feedparser

        data = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
        if data.get("bozo") and not data.get("entries"):
            raise FeedError(
                "malformed", f"cannot read the feed: {data.get('bozo_exception')}"
            ) from None
        fmt = "xml-fallback"
    feed = data.get("feed", {}) or {}
    result = ParsedFeed(format=fmt, title=_text(feed.get("title")), link=feed.get("link") or "")
    for position, entry in enumerate((data.get("entries") or [])[:MAX_ITEMS]):
        item = _normalise(
            title=entry.get("title"),
            link=entry.get("link") or _first_link(entry),
            guid=entry.get("id") or entry.get("guid"),
            published=entry.get("published")
            or entry.get("updated")
            or entry.get("published_parsed"),
            summary=entry.get("description") or entry.get("summary") or _content(entry),
            author=entry.get("author"),
            image=_image(entry),
            categories=_categories(entry.get("tags")),
            position=position,
            base_url=base_url or result.link,
            now=now,
        )
        if item is not None:
            result.items.append(item)
    return result


def _parse_json_feed(body: bytes, base_url: str, now) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise FeedError("bad_encoding", "JSON Feed must be UTF-8") from None
    except (ValueError, RecursionError) as exc:
        raise FeedError("malformed", f"invalid JSON: {exc}") from None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise FeedError("not_a_feed", "JSON without a jsonfeed.org version")
    result = ParsedFeed(
        format="json", title=_text(data.get("title")), link=str(data.get("home_page_url") or "")
    )
    items = data.get("items") if isinstance(data.get("items"), list) else []
    for position, entry in enumerate(items[:MAX_ITEMS]):
        if not isinstance(entry, dict):
            continue
        authors = entry.get("authors") or (
            [entry["author"]] if isinstance(entry.get("author"), dict) else []
        )
        author = ", ".join(str(a.get("name", "")) for a in authors if isinstance(a, dict))
        item = _normalise(
            title=entry.get("title"),
            link=entry.get("url") or entry.get("external_url"),
            guid=entry.get("id"),
            published=entry.get("date_published") or entry.get("date_modified"),
            summary=entry.get("summary") or entry.get("content_html") or entry.get("content_text"),
            author=author,
            image=entry.get("image") or entry.get("banner_image"),
            categories=_categories(entry.get("tags")),
            position=position,
            base_url=base_url or result.link,
            now=now,
        )
        if item is not None:
            result.items.append(item)
    return result


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("value")
    return re.sub(r"\s+", " ", plain_text(str(value or ""))).strip()


def _first_link(entry) -> str:
    for link in entry.get("links") or []:
        if (
            isinstance(link, dict)
            and link.get("href")
            and link.get("rel", "alternate") == "alternate"
        ):
            return link["href"]
    return ""


def _content(entry) -> str:
    content = entry.get("content") or []
    if content and isinstance(content[0], dict):
        return content[0].get("value") or ""
    return ""


def _image(entry) -> str:
    for key in ("enclosures", "media_content", "media_thumbnail"):
        for media in entry.get(key) or []:
            if not isinstance(media, dict):
                continue
            kind = media.get("type") or media.get("medium") or "image"
            if media.get("url") and str(kind).startswith("image"):
                return media["url"]
    image = entry.get("image")
    if isinstance(image, dict):
        return image.get("href") or image.get("url") or ""
    return image if isinstance(image, str) else ""


def parse_date(value, now: dt.datetime) -> dt.datetime | None:
    """A timezone-aware datetime, clamped: never in the future, never before 1995."""
    when = None
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, tuple) and len(value) >= 6:  # time.struct_time from feedparser
        when = dt.datetime(*value[:6], tzinfo=dt.UTC)
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            when = dt.datetime.fromisoformat(text)
        except ValueError:
            import email.utils

            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    if when < EARLIEST:
        return None
    return min(when, now)


def _categories(tags) -> tuple[str, ...]:
    found = []
    for tag in (tags or [])[:10] if isinstance(tags, list) else []:
        term = tag.get("term") or tag.get("label") if isinstance(tag, dict) else tag
        term = _text(term)[:40].lower()
        if term and term not in found:
            found.append(term)
    return tuple(found)


def _normalise(
    *, title, link, guid, published, summary, author, image, position, base_url, now, categories=()
):
    title = _text(title)[:MAX_TITLE]
    link = canonical_url(urljoin(base_url, str(link or "").strip())) if link else ""
    if link and not link.startswith(("http://", "https://")):
        link = ""
    if not title and not link:
        return None
    summary_html = clean_html(str(summary or ""))[: MAX_SUMMARY * 2]
    summary_text = _text(summary)[:MAX_SUMMARY]
    image = urljoin(base_url, str(image or "").strip()) if image else ""
    return ParsedItem(
        title=title or summary_text[:120],
        link=link,
        guid=str(guid or link or title).strip()[:500],
        published=parse_date(published, now),
        summary=summary_text,
        summary_html=summary_html,
        author=_text(author)[:200],
        image=image if image.startswith(("http://", "https://")) else "",
        position=position,
        categories=categories,
    )


FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}


class _AlternateFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag != "link":
            return
        attrs = {k.lower(): (v or "") for k, v in attrs}
        rels = attrs.get("rel", "").lower().split()
        if (
            "alternate" in rels
            and attrs.get("type", "").lower() in FEED_TYPES
            and attrs.get("href")
        ):
            self.found.append((attrs["href"], attrs.get("title", "")))


def discover_feeds(html: bytes, base_url: str) -> list[tuple[str, str]]:
    """Feed links a page announces with <link rel="alternate">, as (absolute URL, title)."""
    finder = _AlternateFinder()
    finder.feed(html[:1_000_000].decode("utf-8", "replace"))
    seen, found = set(), []
    for href, title in finder.found:
        url = urljoin(base_url, href)
        if url.startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            found.append((url, title))
    return found


def extract_full_text(html: bytes, url: str) -> str:
    """Main text of an article page via trafilatura, when installed (it is optional)."""
    try:
        import trafilatura
    except ImportError:
        raise FeedError(
            "extractor_missing", "full-text extraction needs the optional package trafilatura"
        ) from None
    return trafilatura.extract(html.decode("utf-8", "replace"), url=url) or ""
