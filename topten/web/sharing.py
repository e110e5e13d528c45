"""Share networks: a fixed allowlist of share-URL templates, and who is not a reader.

The share endpoint redirects only to a URL built here from a network name in NETWORKS and
our own article URL, so it can never be turned into an open redirect.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class Network:
    slug: str
    label: str
    base: str  # the share URL up to the query string
    url_param: str | None  # the query parameter that carries our URL
    text_param: str | None = None  # the one that carries the headline, if any
    text_with_url: bool = False  # networks with a single "text" field get "headline url"


NETWORKS: dict[str, Network] = {
    n.slug: n
    for n in [
        Network("x", "X", "https://x.com/intent/post", "url", "text"),
        Network("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php", "u"),
        Network("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/", "url"),
        Network("whatsapp", "WhatsApp", "https://wa.me/", None, "text", text_with_url=True),
        Network("telegram", "Telegram", "https://t.me/share/url", "url", "text"),
        Network("reddit", "Reddit", "https://www.reddit.com/submit", "url", "title"),
        Network("email", "Email", "mailto:", None),
        Network("copy", "Copy link", "", None),
    ]
}
COPY = "copy"


def share_url(network: Network, url: str, headline: str) -> str:
    """The network's share URL for one of our articles."""
    if network.slug == "email":
        body = f"{headline}\n\n{url}"
        return f"mailto:?subject={quote(headline)}&body={quote(body)}"
    params = {}
    if network.url_param:
        params[network.url_param] = url
    if network.text_param:
        params[network.text_param] = f"{headline} {url}" if network.text_with_url else headline
    return f"{network.base}?{urlencode(params, quote_via=quote)}"


# Link-preview fetchers, crawlers and HTTP libraries: they follow links nobody clicked.
_BOT_UA = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|embedly|preview|"
    r"whatsapp|telegram|skype|slack|discord|vkshare|pinterest|bingpreview|"
    r"curl|wget|python-|httpclient|okhttp|go-http-client|java/|libwww|scrapy|axios|node-fetch",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(_BOT_UA.search(user_agent))


def is_prefetch(headers) -> bool:
    """True for speculative loads (link prefetch, prerender), which are not clicks."""
    purpose = (headers.get("Purpose", "") + " " + headers.get("Sec-Purpose", "")).lower()
    moz = headers.get("X-Moz", "").lower()
    return "prefetch" in purpose or "prerender" in purpose or moz == "prefetch"
