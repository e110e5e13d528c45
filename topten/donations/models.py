import uuid

from django.db import models

from topten.donations.states import Facts, Status, donation_status


class Frequency(models.TextChoices):
    ONCE = "once", "One-time"
    MONTHLY = "monthly", "Monthly"


class Donor(models.Model):
    """A person who gave, grouped by email address (lower-cased)."""

    email = models.EmailField(max_length=254, unique=True)
    name = models.CharField(max_length=200, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email


class DonationIntent(models.Model):
    """What a visitor chose on our donate page before going to Stripe Checkout.

    Its `public_id` travels to Stripe as metadata `donation_intent`, so the webhook
    can attach the public name and message to the donation Stripe reports.
    """

    class State(models.TextChoices):
        CREATED = "created", "Created"
        OPEN = "open", "Checkout open"
        COMPLETED = "completed", "Checkout completed"
        ERROR = "error", "Stripe refused"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    gift = models.PositiveIntegerField(help_text="Minor units, before covered fees.")
    fee = models.PositiveIntegerField(default=0, help_text="Fees the donor chose to cover.")
    total = models.PositiveIntegerField(help_text="What the donor is charged (gift + fee).")
    currency = models.CharField(max_length=3)
    public_name = models.CharField(max_length=80, blank=True)
    public_message = models.CharField(max_length=280, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CREATED)
    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"intent {self.public_id}"


class Pledge(models.Model):
    """A donor's standing monthly gift, backed by a Stripe subscription.

    Each month's payment is a separate Donation (kind monthly). A pledge is active
    until Stripe says the subscription was deleted; that is final.
    """

    stripe_subscription_id = models.CharField(max_length=255, unique=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    donor = models.ForeignKey(
        Donor, null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    intent = models.ForeignKey(DonationIntent, null=True, blank=True, on_delete=models.SET_NULL)
    amount = models.PositiveIntegerField(default=0, help_text="Minor units per month.")
    currency = models.CharField(max_length=3, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"pledge {self.stripe_subscription_id}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class DonationQuerySet(models.QuerySet):
    def counted(self):
        """Donations whose money arrived (refunds are subtracted in the totals)."""
        return self.filter(status__in=[Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED])


class Donation(models.Model):
    """One payment: a one-time gift, or one month of a pledge.

    The status is never set directly: see `refresh_status()` and README.md.
    """

    kind = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.ONCE)
    status = models.CharField(max_length=20, choices=Status.CHOICES, default=Status.PENDING)
    amount = models.PositiveIntegerField(default=0, help_text="Minor units charged.")
    fee_covered = models.PositiveIntegerField(default=0, help_text="Part of amount covering fees.")
    amount_refunded = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, blank=True)

    donor = models.ForeignKey(
        Donor, null=True, blank=True, on_delete=models.SET_NULL, related_name="donations"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.SET_NULL, related_name="donations"
    )
    intent = models.ForeignKey(DonationIntent, null=True, blank=True, on_delete=models.SET_NULL)
    donor_email = models.EmailField(max_length=254, blank=True)
    donor_name = models.CharField(max_length=200, blank=True)
    public_name = models.CharField(max_length=80, blank=True)
    public_message = models.CharField(max_length=280, blank=True)
    message_hidden = models.BooleanField(
        default=False, help_text="Hide the public name and message from the supporters list."
    )

    stripe_checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_charge_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_invoice_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    livemode = models.BooleanField(default=False)

    # Facts from Stripe; they only ever grow (see states.py).
    paid_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    receipt_queued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DonationQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_at", "-created_at"]
        indexes = [models.Index(fields=["status", "paid_at"])]

    def __str__(self):
        return f"donation {self.pk} ({self.get_status_display()})"

    @property
    def net(self) -> int:
        return self.amount - self.amount_refunded

    def refresh_status(self) -> str:
        self.status = donation_status(
            Facts(
                amount=self.amount,
                paid=self.paid_at is not None,
                failed=self.failed_at is not None,
                amount_refunded=self.amount_refunded,
            )
        )
        return self.status


class StripeEvent(models.Model):
    """Every Stripe event we processed, so a redelivered event is processed once.

    Inserted in the same transaction as the event's effect: if the effect fails,
    the row is rolled back too and Stripe's retry is processed normally.
    """

    id = models.CharField(max_length=255, primary_key=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    livemode = models.BooleanField(default=False)
    outcome = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.type} {self.id}"
