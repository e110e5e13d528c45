from topten.newsroom.actions import publish_due_articles

WORKER_TASKS = [publish_due_articles]
