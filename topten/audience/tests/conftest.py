from topten.audience.tests.browser import browser  # noqa: F401 - fixture
from topten.audience.tests.personas import (  # noqa: F401 - fixtures
    confirmed_subscriber,
    smtp,
    unconfirmed_subscriber,
    unsubscribed_subscriber,
)
