from django.shortcuts import render


def index(request):
    return render(
        request,
        "web/coming.html",
        {
            "title": "Donate",
            "message": "Donations through Stripe are coming soon. Thank you for wanting to help.",
        },
    )
