"""The wire desk (staff): candidates, sources, and the sample feeds served for the demo."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST

from topten.wire import actions, queries, samples
from topten.wire.models import Source, Story

SECTIONS_AND_REGIONS_LIMIT = 40


def _filters(request) -> dict:
    return {
        "region": request.GET.get("region", "")[:40],
        "section": request.GET.get("section", "")[:40],
    }


def _desk_context(request) -> dict:
    filters = _filters(request)
    return {
        "stories": queries.candidates(**filters),
        "filters": filters,
        "regions": sorted(set(Source.objects.exclude(region="").values_list("region", flat=True)))[
            :SECTIONS_AND_REGIONS_LIMIT
        ],
        "sections": sorted(
            set(Story.objects.exclude(section="").values_list("section", flat=True))
        )[:SECTIONS_AND_REGIONS_LIMIT],
        "enabled_sources": Source.objects.filter(enabled=True).count(),
    }


@staff_member_required
@require_GET
def index(request):
    return render(request, "wire/desk.html", _desk_context(request))


@staff_member_required
@require_GET
def candidates_fragment(request):
    return render(request, "wire/_candidates.html", _desk_context(request))


def _back(request):
    """Back to the desk with the editor's filters (only those two, re-encoded)."""
    filters = QueryDict(request.POST.get("filters", "")[:200])
    kept = {k: filters.get(k, "")[:40] for k in ("region", "section") if filters.get(k)}
    return redirect(reverse("wire:index") + (f"?{urlencode(kept)}" if kept else ""))


@staff_member_required
@require_POST
def pin(request, pk):
    story = get_object_or_404(Story, pk=pk)
    actions.pin_story(story, pinned=request.POST.get("pinned", "1") == "1")
    return _back(request)


@staff_member_required
@require_POST
def dismiss(request, pk):
    story = get_object_or_404(Story, pk=pk)
    actions.dismiss_story(story, dismissed=request.POST.get("dismissed", "1") == "1")
    messages.info(request, f"Dismissed “{story.title}”.")
    return _back(request)


@staff_member_required
@require_POST
def add_to_edition(request, pk):
    from topten.editions.actions import EditionError, EditionFull, EditionLocked

    story = get_object_or_404(Story, pk=pk)
    try:
        slot = actions.add_story_to_edition(story)
    except EditionFull:
        messages.error(
            request,
            "Today's edition already has ten stories: remove one on the editions desk first.",
        )
    except EditionLocked:
        messages.error(
            request,
            "Today's edition is no longer a draft (scheduled or sent): it cannot take more stories.",
        )
    except EditionError as exc:
        messages.error(request, f"Could not add the story: {exc}")
    else:
        messages.success(
            request, f"Added to today's edition as story {slot.position}: “{slot.headline}”."
        )
    return _back(request)


@staff_member_required
def sources(request):
    if request.method == "POST":
        return _add_source(request)
    return render(
        request,
        "wire/sources.html",
        {"sources": queries.health_rows(), "kinds": Source.Kind.choices},
    )


def _add_source(request):
    try:
        trust = float(request.POST.get("trust") or 1.0)
        source = actions.add_source(
            url=request.POST.get("url", ""),
            name=request.POST.get("name", "").strip(),
            kind=request.POST.get("kind", Source.Kind.OUTLET),
            region=request.POST.get("region", "").strip()[:40],
            language=(request.POST.get("language", "").strip() or "en")[:12],
            trust=trust,
        )
    except ValueError:
        messages.error(request, "Trust must be a number between 0.1 and 3.")
    except actions.WireError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Added {source.name} ({source.feed_url}).")
    return redirect("wire:sources")


@staff_member_required
@require_POST
def toggle_source(request, pk):
    source = get_object_or_404(Source, pk=pk)
    actions.update_source(source, enabled=not source.enabled)
    return redirect("wire:sources")


@staff_member_required
@require_POST
def import_opml(request):
    upload = request.FILES.get("opml")
    if upload is None:
        messages.error(request, "Choose an OPML file to import.")
        return redirect("wire:sources")
    if upload.size > actions.MAX_OPML_BYTES:
        messages.error(request, "The OPML file is over 2 MB; nothing imported.")
        return redirect("wire:sources")
    try:
        added, skipped = actions.import_opml(upload.read())
    except actions.WireError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Imported {added} source(s); {skipped} were already there.")
    return redirect("wire:sources")


@staff_member_required
@require_GET
def export_opml(request):
    response = HttpResponse(actions.export_opml(), content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="topten-wire-sources.opml"'
    return response


@require_GET
def sample(request, slug):
    """A fictional sample feed (public: the worker fetches it without a session)."""
    base = settings.SITE_URL + reverse("wire:sample_index")
    # Times are relative to the hour, so the document (and its ETag) is stable for an hour
    # and a fetcher's conditional GET gets a 304.
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    try:
        content_type, body = samples.render(slug, base_url=base.rstrip("/"), now=hour)
    except KeyError:
        raise Http404("No such sample feed") from None
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    return response


@require_GET
def sample_article(request, slug, key):
    outlet = samples.OUTLET_BY_SLUG.get(slug)
    event = samples.EVENTS.get(key)
    if outlet is None or event is None or key not in outlet.events:
        raise Http404("No such sample story")
    _region, headlines, sentences, _hours = event
    body = "".join(f"<p>{escape(s)}</p>" for s in sentences)
    html = f"<!doctype html><title>{escape(headlines[0])}</title><h1>{escape(headlines[0])}</h1>{body}<p><em>{escape(outlet.name)}: fictional sample written for Topten.</em></p>"
    return HttpResponse(html)
