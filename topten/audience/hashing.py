import hashlib


def email_hash(email: str) -> str:
    """Stable hash of a normalised address, for the suppression list."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()
