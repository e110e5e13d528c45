from topten.audience.actions import process_signup_requests
from topten.audience.importer import run_next_import_job

WORKER_TASKS = [process_signup_requests, run_next_import_job]
