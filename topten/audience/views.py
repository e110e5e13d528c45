from django.shortcuts import render


def index(request):
    return render(
        request,
        "web/coming.html",
        {
            "title": "Subscribe",
            "message": "Sign-up opens soon: double opt-in, your own delivery time and one-click unsubscribe.",
        },
    )
