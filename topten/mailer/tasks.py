from topten.mailer import pipeline
from topten.mailer.actions import send_queued_emails

_sender = None


def send_batches() -> int:
    """Claim and send due batches of newsletter deliveries (bounded per pass)."""
    global _sender
    if _sender is None:
        _sender = pipeline.Sender()
    return _sender.send_due_batches()


WORKER_TASKS = [
    send_queued_emails,
    pipeline.start_due_sends,
    pipeline.prepare_due_waves,
    send_batches,
    pipeline.finish_sends,
]
