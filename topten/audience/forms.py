import time
import zoneinfo
from datetime import time as dtime

from django import forms
from django.core import signing

from topten.audience import conf
from topten.audience.addresses import InvalidEmail, normalise_email
from topten.audience.models import Subscriber
from topten.audience.tokens import FORM_SALT

TIMEZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
TIMEZONE_CHOICES = [(name, name.replace("_", " ")) for name in TIMEZONES]
PAUSE_CHOICES = [(0, "Don't pause"), (3, "3 days"), (7, "1 week"), (14, "2 weeks"), (30, "1 month")]


def make_stamp(now: float | None = None) -> str:
    """The signed time the form was shown, for the minimum fill time."""
    return signing.dumps(round(time.time() if now is None else now, 3), salt=FORM_SALT)


def stamp_age(stamp: str, now: float | None = None) -> float | None:
    try:
        shown = float(signing.loads(stamp, salt=FORM_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return (time.time() if now is None else now) - shown


class EmailField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget = forms.EmailInput(
            attrs={"autocomplete": "email", "required": True, "inputmode": "email"}
        )

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalise_email(value)
        except InvalidEmail as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None

    def to_python(self, value):
        # Keep CR/LF so that normalise_email can refuse them (CharField would strip).
        return "" if value in self.empty_values else str(value)


class SignupForm(forms.Form):
    email = EmailField(label="Email")
    first_name = forms.CharField(
        label="First name (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES)
    # Anti-bot: a field people never see, and the signed time the form was shown.
    website = forms.CharField(required=False, label="Leave this empty")
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, default_timezone="UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].initial = default_timezone
        self.fields["stamp"].initial = make_stamp()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.is_bot = False

    def clean_first_name(self):
        name = self.cleaned_data["first_name"]
        if any(ord(ch) < 32 for ch in name):
            raise forms.ValidationError("A name cannot contain control characters.")
        return name

    def clean(self):
        data = super().clean()
        if self.data.get("website"):
            self.is_bot = True
        age = stamp_age(self.data.get("stamp", ""))
        if age is None or age > conf.max_form_age():
            self.fields["stamp"].initial = make_stamp()
            raise forms.ValidationError(
                "This form has expired. Please check your details and submit it again.",
                code="stale",
            )
        if age < conf.min_fill_seconds():
            # Not silent: a quick human can simply submit again.
            self.fields["stamp"].initial = make_stamp()
            raise forms.ValidationError(
                "That was quick! Please check your details and submit again.", code="too_fast"
            )
        return data


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button is the consent."""


class UnsubscribeForm(forms.Form):
    reason = forms.CharField(
        label="Would you tell us why? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PreferencesForm(forms.Form):
    delivery_time = forms.TimeField(
        label="Delivery time",
        widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
        help_text="Your local time. The default, 06:00, makes it the first task of the day.",
    )
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES)
    format = forms.ChoiceField(
        label="Format", choices=Subscriber.Format.choices, widget=forms.RadioSelect
    )
    pause_days = forms.TypedChoiceField(
        label="Pause deliveries", choices=PAUSE_CHOICES, coerce=int, initial=0, required=False
    )
    resume = forms.BooleanField(label="Resume deliveries now", required=False)

    def clean_delivery_time(self):
        value: dtime = self.cleaned_data["delivery_time"]
        return value.replace(second=0, microsecond=0)

    def clean_pause_days(self):
        return self.cleaned_data.get("pause_days") or 0
