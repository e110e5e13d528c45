from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "topten.mailer"
    verbose_name = "Mailer"

    def ready(self):
        from topten.mailer import webhooks  # noqa: F401  (connects the tracking receiver)
