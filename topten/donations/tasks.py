from topten.donations.actions import forget_abandoned_intents

WORKER_TASKS = [forget_abandoned_intents]
