from django.core.management.base import BaseCommand

from topten.core.worker import Worker, run_round


class Command(BaseCommand):
    help = "Run the background loops: scheduled publishing, mail, sends, feed fetching."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run one pass of every task and exit."
        )

    def handle(self, *args, once=False, **options):
        worker = Worker()
        names = ", ".join(t.__module__.split(".")[1] + "." + t.__name__ for t in worker.tasks)
        self.stdout.write(f"worker tasks: {names or 'none'}")
        if once:
            done = run_round(worker.tasks)
            self.stdout.write(f"one pass done: {done} units of work")
            return
        worker.run_forever()
