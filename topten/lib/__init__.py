"""Framework-free helpers. Nothing in here imports the ORM."""
