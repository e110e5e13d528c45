"""Public audience pages: sign-up, confirmation, unsubscribe, preference centre."""

import logging

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from topten.audience import actions, captcha, conf, links, throttle
from topten.audience.forms import (
    PreferencesForm,
    SignupForm,
    UnsubscribeForm,
    make_stamp,
)
from topten.audience.models import Source, Subscriber
from topten.audience.ratelimit import Rate
from topten.audience.tokens import TokenError, read_confirm_token
from topten.lib.clientip import client_ip
from topten.newsroom.models import Publication

security_log = logging.getLogger("topten.audience.security")

DONE_MESSAGE = (
    "Thanks! Check your inbox: we've sent you an email. "
    "Open it to confirm your subscription (the link works for 72 hours)."
)


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _anti_automation(request, what, source):
    """Log a refused automated sign-up (OWASP ASVS 16.3.3); never the address."""
    security_log.warning(
        "anti-automation: %s on %s form from %s (%s)",
        what,
        source,
        client_ip(request) or "unknown IP",
        _user_agent(request)[:80],
    )


def _signup_context(form, publication, **extra):
    return {
        "form": form,
        "publication": publication,
        "captcha_provider": conf.captcha_provider(),
        "captcha_site_key": conf.captcha_site_key(),
        "captcha_field": captcha.response_field(),
        **extra,
    }


def _handle_signup(request, source, template):
    """Shared by the page and the embed. Every accepted submission gets the same
    answer after the same work (one insert), whatever the address."""
    publication = Publication.current()
    if request.method != "POST":
        initial = {
            "email": request.GET.get("email", "")[:320],
            "timezone": request.GET.get("timezone") or publication.timezone,
        }
        form = SignupForm(initial=initial, default_timezone=publication.timezone)
        return render(request, template, _signup_context(form, publication))
    decision = throttle.hit("signup", client_ip(request), Rate.parse(conf.signup_rate()))
    if not decision.allowed:
        _anti_automation(request, "rate limit", source)
        return throttle.too_many_requests(decision)
    form = SignupForm(request.POST, default_timezone=publication.timezone)
    valid = form.is_valid()
    if valid and not captcha.verify(
        request.POST.get(captcha.response_field(), ""), client_ip(request)
    ):
        form.add_error(None, "Please complete the check that you're not a robot.")
        _anti_automation(request, "captcha failed", source)
        valid = False
    if not valid:
        if form.has_error(NON_FIELD_ERRORS, "too_fast"):
            _anti_automation(request, "submitted too fast", source)
        form.data = form.data.copy()
        form.data["stamp"] = make_stamp()  # the re-shown form starts a fresh fill time
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "errors": form.errors.get_json_data(), "stamp": form.data["stamp"]},
                status=400,
            )
        return render(request, template, _signup_context(form, publication), status=400)
    if form.is_bot:  # a filled honeypot gets the same answer, and nothing happens
        _anti_automation(request, "honeypot filled", source)
    else:
        actions.request_signup(
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            timezone_name=form.cleaned_data["timezone"],
            source=source,
            ip=client_ip(request) or None,
            user_agent=_user_agent(request),
            consent_version=publication.consent_version,
        )
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": DONE_MESSAGE})
    if source == Source.EMBED:
        return render(request, template, _signup_context(None, publication, done=DONE_MESSAGE))
    return redirect("audience:check_inbox")


@never_cache
@require_http_methods(["GET", "POST"])
def index(request):
    return _handle_signup(request, Source.FORM, "audience/subscribe.html")


@never_cache
@csrf_exempt  # third-party iframes get no SameSite=Lax cookie; see README "Sign-up protections"
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def embed(request):
    response = _handle_signup(request, Source.EMBED, "audience/embed.html")
    response.frame_ancestors = "*"
    return response


@never_cache
@require_GET
def form_token(request):
    """For the sign-up box on cached pages: a fresh CSRF token and form stamp."""
    return JsonResponse({"csrf": get_token(request), "stamp": make_stamp()})


@require_GET
def check_inbox(request):
    return render(request, "audience/check_inbox.html", {"message": DONE_MESSAGE})


def _link_problem(request, reason):
    status = 410 if reason == "expired" else 400
    return render(request, "audience/link_problem.html", {"reason": reason}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        claim = read_confirm_token(token)
    except TokenError as exc:
        return _link_problem(request, exc.reason)
    subscriber = Subscriber.objects.filter(pk=claim.subscriber_id).first()
    if subscriber is None:
        return _link_problem(request, "invalid")
    if subscriber.confirm_nonce != claim.nonce:
        if subscriber.status == Subscriber.Status.CONFIRMED:  # used before: same success page
            return render(request, "audience/confirmed.html")
        return _link_problem(request, "invalid")
    if request.method == "POST":  # a GET never confirms: link scanners follow GETs
        actions.confirm_subscriber(
            subscriber, ip=client_ip(request) or None, user_agent=_user_agent(request)
        )
        return redirect("audience:confirmed")
    return render(request, "audience/confirm.html", {"subscriber": subscriber})


@require_GET
def confirmed(request):
    return render(request, "audience/confirmed.html")


def _signed_subscriber(purpose, subscriber_id, sig):
    """(valid, subscriber or None)."""
    if not links.verify(purpose, subscriber_id, sig):
        return False, None
    return True, Subscriber.objects.filter(pk=subscriber_id).first()


@never_cache
@csrf_exempt  # signed URL; RFC 8058 one-click POSTs come without cookies or tokens
@require_http_methods(["GET", "POST"])
def unsubscribe(request, subscriber_id, sig):
    valid, subscriber = _signed_subscriber(links.UNSUBSCRIBE, subscriber_id, sig)
    if not valid:
        return _link_problem(request, "invalid")
    if request.method == "POST":
        form = UnsubscribeForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        if subscriber is not None:
            actions.unsubscribe(
                subscriber,
                source=Source.EMAIL,
                reason=reason,
                ip=client_ip(request) or None,
                user_agent=_user_agent(request),
            )
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("You are unsubscribed.\n", content_type="text/plain")
        return render(request, "audience/unsubscribed.html", {"subscriber": subscriber})
    active = subscriber is not None and subscriber.status in (
        Subscriber.Status.PENDING,
        Subscriber.Status.CONFIRMED,
    )
    return render(
        request,
        "audience/unsubscribe.html",
        {"subscriber": subscriber, "active": active, "form": UnsubscribeForm()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, subscriber_id, sig):
    valid, subscriber = _signed_subscriber(links.PREFERENCES, subscriber_id, sig)
    if not valid or subscriber is None:
        return _link_problem(request, "invalid")
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            _save_preferences(request, subscriber, form.cleaned_data)
            return redirect(request.path + "?saved=1")
    else:
        form = PreferencesForm(
            initial={
                "delivery_time": subscriber.delivery_time,
                "timezone": subscriber.timezone,
                "format": subscriber.format,
            }
        )
        saved = request.GET.get("saved") == "1"
    subscriber.refresh_from_db()
    return render(
        request,
        "audience/preferences.html",
        {
            "subscriber": subscriber,
            "form": form,
            "saved": saved,
            "unsubscribe_path": links.path(links.UNSUBSCRIBE, subscriber.pk),
            "preferences_path": request.path,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
def my_data(request, subscriber_id, sig):
    """The reader's own copy of their data (GDPR Art. 15/20), from the preference centre."""
    valid, subscriber = _signed_subscriber(links.PREFERENCES, subscriber_id, sig)
    if not valid or subscriber is None:
        return _link_problem(request, "invalid")
    data = actions.export_subscriber_data(subscriber, source=Source.EMAIL)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="my-subscription-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def erase_me(request, subscriber_id, sig):
    """The reader erases their own data (GDPR Art. 17); a Confirm button, CSRF-protected."""
    valid, subscriber = _signed_subscriber(links.PREFERENCES, subscriber_id, sig)
    if not valid:
        return _link_problem(request, "invalid")
    if subscriber is None:
        return render(request, "audience/erased.html")
    if request.method == "POST":
        actions.erase_subscriber(subscriber, source=Source.EMAIL)
        return render(request, "audience/erased.html")
    return render(request, "audience/erase_me.html", {"subscriber": subscriber})


def _save_preferences(request, subscriber, data):
    who = {"ip": client_ip(request) or None, "user_agent": _user_agent(request)}
    if data["resume"]:
        actions.resume_delivery(subscriber, **who)
    actions.update_preferences(
        subscriber,
        delivery_time=data["delivery_time"],
        timezone_name=data["timezone"],
        format=data["format"],
        pause_days=0 if data["resume"] else data["pause_days"],
        **who,
    )
