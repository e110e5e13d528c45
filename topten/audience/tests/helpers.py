"""Small helpers shared by the audience tests."""

import time

from topten.audience.forms import make_stamp


def signup_data(email, **extra):
    """A sign-up form POST as a reader who took 10 s to fill it in."""
    return {
        "email": email,
        "first_name": extra.pop("first_name", ""),
        "timezone": extra.pop("timezone", "Europe/Paris"),
        "website": "",
        "stamp": make_stamp(time.time() - 10),
        **extra,
    }
