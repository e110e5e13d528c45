"""The editor desk: staff pages to put today's edition together, preview and schedule it.

Every form posts to a plain Django view and works without JavaScript; desk.js
enhances reordering (drag-and-drop, in-place moves) and refreshes the previews.
A request sent by desk.js carries `X-Requested-With: fetch` and gets JSON back.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from topten.editions import actions
from topten.editions.forms import EditionMetaForm, SlotForm, StartForm, TestAddressesForm
from topten.editions.models import Edition, Slot, TestAddress
from topten.editions.rendering import preview_message

RECENT_ARTICLES = 30


def _is_fetch(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _back(request, edition: Edition, anchor: str = ""):
    return redirect(reverse("editions:desk_edition", args=[edition.pk]) + anchor)


def _refuse(request, edition: Edition, error: actions.EditionError, anchor: str = ""):
    if _is_fetch(request):
        status = 409 if isinstance(error, actions.EditionLocked | actions.EditionFull) else 400
        return JsonResponse({"ok": False, "error": str(error)}, status=status)
    messages.error(request, str(error))
    return _back(request, edition, anchor)


def _slot_order(edition: Edition) -> list[dict]:
    return [{"id": s.pk, "position": s.position} for s in edition.slots.all()]


@staff_member_required
@require_GET
def home(request):
    today = actions.todays_edition()
    recent = Edition.objects.all()[:14]
    return render(
        request,
        "editions/desk/home.html",
        {"today": today, "recent": recent, "form": StartForm()},
    )


@staff_member_required
@require_POST
def start(request):
    form = StartForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "editions/desk/home.html",
            {"today": actions.todays_edition(), "recent": Edition.objects.all()[:14], "form": form},
            status=400,
        )
    edition = actions.start_edition(
        form.cleaned_data["date"],
        newsletter=form.cleaned_data["newsletter"],
        from_previous=form.cleaned_data["from_previous"],
    )
    return _back(request, edition)


def _recent_articles(edition: Edition, query: str):
    from topten.newsroom.models import Article

    used = edition.slots.exclude(article=None).values_list("article_id", flat=True)
    articles = Article.objects.published().exclude(pk__in=list(used))
    if query:
        articles = articles.filter(Q(headline__icontains=query) | Q(standfirst__icontains=query))
    return articles.order_by("-published_at")[:RECENT_ARTICLES]


@staff_member_required
@require_GET
def edition_page(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    slots = list(edition.slots.prefetch_related("sources"))
    query = request.GET.get("q", "").strip()[:100]
    from topten.editions.report import delivery_stats

    context = {
        "edition": edition,
        "stats": delivery_stats(edition) if edition.is_locked else None,
        "slots": [(slot, actions.slot_warnings(slot)) for slot in slots],
        "free": Edition.SLOT_COUNT - len(slots),
        "problems": actions.edition_problems(edition) if not edition.is_locked else [],
        "meta_form": EditionMetaForm(instance=edition),
        "articles": _recent_articles(edition, query),
        "query": query,
        "test_form": TestAddressesForm(
            initial={"addresses": "\n".join(TestAddress.objects.values_list("email", flat=True))}
        ),
    }
    return render(request, "editions/desk/edition.html", context)


@staff_member_required
@require_POST
def update_meta(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    form = EditionMetaForm(request.POST, instance=Edition.objects.get(pk=pk))
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        return _refuse(request, edition, actions.EditionError(errors))
    try:
        actions.update_edition(
            edition, **{f: form.cleaned_data[f] for f in actions.EDITABLE_FIELDS}
        )
    except actions.EditionError as error:
        return _refuse(request, edition, error)
    messages.success(request, "Saved.")
    return _back(request, edition)


@staff_member_required
@require_POST
def add_article(request, pk):
    from topten.newsroom.models import Article

    edition = get_object_or_404(Edition, pk=pk)
    article = get_object_or_404(Article.objects.published(), pk=request.POST.get("article", 0))
    try:
        slot = actions.add_slot_from_article(edition, article)
    except actions.EditionError as error:
        return _refuse(request, edition, error)
    messages.success(request, f"Added “{slot.headline}” as story {slot.position}.")
    return _back(request, edition, f"#slot-{slot.pk}")


def _slot_form_page(request, edition, form, slot=None, status=200):
    return render(
        request,
        "editions/desk/slot.html",
        {"edition": edition, "form": form, "slot": slot},
        status=status,
    )


@staff_member_required
def new_slot(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    form = SlotForm(request.POST or None)
    if request.method != "POST":
        return _slot_form_page(request, edition, form)
    if not form.is_valid():
        return _slot_form_page(request, edition, form, status=400)
    try:
        slot = actions.add_slot(edition, **form.cleaned_data)
    except actions.EditionError as error:
        form.add_error(None, str(error))
        return _slot_form_page(request, edition, form, status=409)
    messages.success(request, f"Added story {slot.position}.")
    return _back(request, edition, f"#slot-{slot.pk}")


@staff_member_required
def edit_slot(request, pk, slot_pk):
    edition = get_object_or_404(Edition, pk=pk)
    slot = get_object_or_404(Slot, pk=slot_pk, edition=edition)
    form = SlotForm.for_slot(slot, request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return _slot_form_page(request, edition, form, slot)
    if not form.is_valid():
        return _slot_form_page(request, edition, form, slot, status=400)
    try:
        actions.update_slot(slot, **form.cleaned_data)
    except actions.EditionError as error:
        form.add_error(None, str(error))
        return _slot_form_page(request, edition, form, slot, status=409)
    messages.success(request, f"Saved story {slot.position}.")
    return _back(request, edition, f"#slot-{slot.pk}")


@staff_member_required
@require_POST
def move_slot(request, pk, slot_pk):
    edition = get_object_or_404(Edition, pk=pk)
    slot = get_object_or_404(Slot, pk=slot_pk, edition=edition)
    direction = request.POST.get("direction")
    target = {"up": slot.position - 1, "down": slot.position + 1}.get(
        direction, request.POST.get("position")
    )
    try:
        actions.move_slot(slot, target)
    except actions.EditionError as error:
        return _refuse(request, edition, error, f"#slot-{slot.pk}")
    if _is_fetch(request):
        return JsonResponse({"ok": True, "slots": _slot_order(edition)})
    return _back(request, edition, f"#slot-{slot.pk}")


@staff_member_required
@require_POST
def remove_slot(request, pk, slot_pk):
    edition = get_object_or_404(Edition, pk=pk)
    slot = get_object_or_404(Slot, pk=slot_pk, edition=edition)
    try:
        actions.remove_slot(slot)
    except actions.EditionError as error:
        return _refuse(request, edition, error)
    messages.success(request, f"Removed “{slot.headline}”.")
    return _back(request, edition, "#slots")


@staff_member_required
@require_GET
@xframe_options_sameorigin
def preview(request, pk, kind):
    edition = get_object_or_404(Edition, pk=pk)
    if kind == "web":
        response = render(
            request, "editions/archive_page.html", {"edition": edition, "preview": True}
        )
    elif kind == "text":
        response = HttpResponse(
            preview_message(edition).text, content_type="text/plain; charset=utf-8"
        )
    else:
        response = HttpResponse(preview_message(edition).html)
    response.frame_ancestors = "'self'"
    response["Cache-Control"] = "no-store"
    return response


@staff_member_required
@require_POST
def test_send(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    form = TestAddressesForm(request.POST)
    form.is_valid()
    try:
        saved = actions.save_test_addresses(
            form.cleaned_data.get("addresses", []), user=request.user
        )
        if request.POST.get("action") != "save":
            count = actions.test_send_edition(edition, saved)
            messages.success(
                request, f"Test-send queued to {count} address{'es' if count != 1 else ''}."
            )
        else:
            messages.success(request, "Saved the test addresses.")
    except actions.EditionError as error:
        return _refuse(request, edition, error, "#test-send")
    return _back(request, edition, "#test-send")


def resume_sending(edition: Edition) -> None:
    """Resume a send the mailer paused (error budget, relay trouble); it is the mailer's state."""
    from topten.mailer.models import Send
    from topten.mailer.pipeline import resume_send

    send = Send.objects.filter(edition=edition).first()
    if send is None or not resume_send(send):
        raise actions.EditionError("The send of this edition is not paused.")


@staff_member_required
@require_POST
def change_status(request, pk, verb):
    edition = get_object_or_404(Edition, pk=pk)
    verbs = {
        "schedule": (lambda e: actions.schedule_edition(e, user=request.user), "Scheduled."),
        "unschedule": (actions.unschedule_edition, "Unscheduled: the edition is a draft again."),
        "cancel": (actions.cancel_edition, "Cancelled."),
        "reopen": (actions.reopen_edition, "Reopened as a draft."),
        "resume": (resume_sending, "Resumed: the send continues where it stopped."),
    }
    action, done = verbs[verb]
    try:
        action(edition)
    except actions.EditionInvalid as error:
        for problem in error.problems:
            messages.error(request, problem)
        return _back(request, edition)
    except actions.EditionError as error:
        return _refuse(request, edition, error)
    messages.success(request, done)
    return _back(request, edition)
