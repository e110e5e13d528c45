from topten.mailer import pipeline
from topten.mailer.actions import send_queued_emails

_sender = None


def send_batches() -> int:
    """Claim and send due batches of newsletter deliveries (bounded per pass)."""
    global _sender
    if _sender is None:
        _sender = pipeline.Sender()
    # A short pass, so the worker notices SIGTERM within seconds.
    return _sender.send_due_batches(max_batches=20, deadline_s=5.0)


WORKER_TASKS = [
    send_queued_emails,
    pipeline.start_due_sends,
    pipeline.prepare_due_waves,
    send_batches,
    pipeline.finish_sends,
]
