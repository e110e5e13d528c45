from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "topten.mailer"
    verbose_name = "Mailer"
