from datetime import date as Date

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from topten.editions.models import Edition

PUBLIC = [Edition.Status.SENDING, Edition.Status.SENT]


def index(request):
    editions = Edition.objects.filter(status__in=PUBLIC)[:60]
    return render(request, "editions/index.html", {"editions": editions})


def archive_page(request, date):
    try:
        day = Date.fromisoformat(date)
    except ValueError:
        raise Http404("Not a date") from None
    edition = get_object_or_404(Edition, date=day, status__in=PUBLIC)
    return render(request, "editions/archive_page.html", {"edition": edition})
