from topten.audience.tests.personas import (  # noqa: F401 - fixtures
    confirmed_subscriber,
    smtp,
    unconfirmed_subscriber,
    unsubscribed_subscriber,
)
