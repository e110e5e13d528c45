"""Core has no models; this module exists so post_migrate fires for it (see apps.py)."""
