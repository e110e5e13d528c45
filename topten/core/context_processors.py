from topten.newsroom.models import Publication


def publication(request):
    return {"publication": Publication.current()}
