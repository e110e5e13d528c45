from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "topten.donations"
    verbose_name = "Donations"
