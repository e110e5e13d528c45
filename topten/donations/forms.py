import re

from django import forms

from topten.donations import conf
from topten.donations.actions import Choice
from topten.donations.models import Frequency
from topten.donations.money import AmountError, format_amount, format_plain, parse_amount

OTHER = "other"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_text(value: str) -> str:
    """Public text: no control characters, no runs of blank lines."""
    value = _CONTROL.sub("", value or "").replace("\r\n", "\n").strip()
    return re.sub(r"\n{3,}", "\n\n", value)


class DonateForm(forms.Form):
    frequency = forms.ChoiceField(
        choices=Frequency.choices, initial=Frequency.ONCE, widget=forms.RadioSelect
    )
    amount = forms.ChoiceField(
        widget=forms.RadioSelect, error_messages={"required": "Choose an amount."}
    )
    custom_amount = forms.CharField(required=False, max_length=20, label="Other amount")
    cover_fees = forms.BooleanField(required=False, label="Cover the card fees")
    public_name = forms.CharField(required=False, max_length=80, label="Your name (optional)")
    public_message = forms.CharField(
        required=False,
        max_length=280,
        label="A public message (optional)",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency.upper()
        self.presets = conf.preset_amounts()
        choices = [(str(a), format_amount(a, self.currency)) for a in self.presets]
        self.fields["amount"].choices = [*choices, (OTHER, "Other amount")]
        if self.presets:
            self.fields["amount"].initial = str(self.presets[min(1, len(self.presets) - 1)])
        self.fields["custom_amount"].widget.attrs.update(
            {
                "inputmode": "decimal",
                "autocomplete": "off",
                "placeholder": format_plain(2000, currency),
            }
        )

    def clean_public_name(self):
        return _clean_text(self.cleaned_data["public_name"]).replace("\n", " ")

    def clean_public_message(self):
        return _clean_text(self.cleaned_data["public_message"])

    def clean(self):
        data = super().clean()
        choice = data.get("amount")
        if choice is None:
            return data
        if choice == OTHER:
            try:
                gift = parse_amount(data.get("custom_amount", ""), self.currency)
            except AmountError as exc:
                self.add_error("custom_amount", str(exc))
                return data
        else:
            gift = int(choice)
        low, high = conf.min_amount(), conf.max_amount()
        field = "custom_amount" if choice == OTHER else "amount"
        if gift < low:
            self.add_error(field, f"The smallest donation is {format_amount(low, self.currency)}.")
        elif gift > high:
            self.add_error(
                field,
                f"The largest donation we take online is {format_amount(high, self.currency)}. "
                "Please write to us for larger gifts.",
            )
        data["gift"] = gift
        return data

    def choice(self) -> Choice:
        data = self.cleaned_data
        return Choice(
            frequency=data["frequency"],
            gift=data["gift"],
            currency=self.currency,
            cover_fees=data["cover_fees"],
            public_name=data["public_name"],
            public_message=data["public_message"],
        )


class ManageRequestForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Your email address")
