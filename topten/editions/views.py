from datetime import date as Date
from datetime import timedelta

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from topten.editions.clicks import read_click_token
from topten.editions.models import Click, Edition

PUBLIC = [Edition.Status.SENDING, Edition.Status.SENT]
CLICK_DEDUPE = timedelta(minutes=1)
# Headers that browsers and mail clients send when they fetch a link ahead of a click.
PREFETCH_HEADERS = {
    "Purpose": "prefetch",
    "Sec-Purpose": "prefetch",
    "X-Purpose": "preview",
    "X-Moz": "prefetch",
}


@require_safe
def index(request):
    editions = Edition.objects.filter(status__in=PUBLIC, newsletter="daily")[:60]
    return render(request, "editions/index.html", {"editions": editions})


@require_safe
def archive_page(request, date):
    try:
        day = Date.fromisoformat(date)
    except ValueError:
        raise Http404("Not a date") from None
    edition = get_object_or_404(Edition, date=day, newsletter="daily", status__in=PUBLIC)
    public = Edition.objects.filter(newsletter="daily", status__in=PUBLIC)
    context = {
        "edition": edition,
        "previous": public.filter(date__lt=day).order_by("-date").first(),
        "following": public.filter(date__gt=day).order_by("date").first(),
    }
    return render(request, "editions/archive_page.html", context)


def _is_prefetch(request) -> bool:
    return any(
        value in request.headers.get(name, "").lower() for name, value in PREFETCH_HEADERS.items()
    )


def record_click(edition: Edition, subscriber_id: int, link_index: int, slot) -> bool:
    """Record one click unless the same subscriber clicked the same link within a minute."""
    now = timezone.now()
    recent = Click.objects.filter(
        edition=edition,
        subscriber_id=subscriber_id,
        link_index=link_index,
        clicked_at__gte=now - CLICK_DEDUPE,
    )
    if recent.exists():
        return False
    Click.objects.create(
        edition=edition,
        subscriber_id=subscriber_id,
        link_index=link_index,
        slot_position=slot,
        clicked_at=now,
    )
    return True


@require_safe
@never_cache
def click(request, token):
    """/r/<token>/: verify, record the click, 302 to the edition's stored link."""
    fields = read_click_token(token)
    if fields is None:
        raise Http404("Unknown link")
    edition_id, subscriber_id, link_index = fields
    edition = Edition.objects.filter(pk=edition_id).only("pk", "links").first()
    if edition is None or link_index >= len(edition.links or []):
        raise Http404("Unknown link")
    target = edition.links[link_index]
    url = target.get("url", "") if isinstance(target, dict) else ""
    if not url.startswith(("https://", "http://")):
        raise Http404("Unknown link")
    # Subscriber 0 is a preview or test-send; HEAD and prefetches are not clicks.
    if request.method == "GET" and subscriber_id and not _is_prefetch(request):
        record_click(edition, subscriber_id, link_index, target.get("slot"))
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
