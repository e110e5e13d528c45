from topten.mailer.actions import send_queued_emails

WORKER_TASKS = [send_queued_emails]
