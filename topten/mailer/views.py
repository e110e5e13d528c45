"""/outbox/: staff read the locally captured mail (var/mail/*.eml) when DEBUG is on."""

from email import policy
from email.parser import BytesParser
from pathlib import Path

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import render


def _capture_dir() -> Path:
    if not settings.DEBUG:
        raise Http404("The outbox is only available when DEBUG is on.")
    return Path(settings.MAIL_CAPTURE_DIR)


def _parse(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


@staff_member_required
def outbox(request):
    directory = _capture_dir()
    files = sorted(directory.glob("*.eml"), reverse=True)[:200] if directory.exists() else []
    messages = []
    for path in files:
        msg = _parse(path)
        messages.append({"name": path.stem, "to": msg["To"], "subject": msg["Subject"]})
    return render(request, "mailer/outbox.html", {"messages": messages})


@staff_member_required
def outbox_message(request, name):
    directory = _capture_dir()
    path = directory / f"{name}.eml"
    if "/" in name or not path.is_file():
        raise Http404
    msg = _parse(path)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    return render(
        request,
        "mailer/outbox_message.html",
        {
            "name": name,
            "headers": list(msg.items()),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        },
    )
