from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "topten.newsroom"
    verbose_name = "Newsroom"
