import re

from django import forms

from topten.editions.actions import MAX_TEST_ADDRESSES, publication_today
from topten.editions.models import Edition, Slot

_SOURCE_LINE = re.compile(r"^(?P<name>.+?)\s*\|\s*(?P<url>\S+)$")


def parse_sources(text: str) -> list[tuple[str, str]]:
    """'Name | https://link' per line -> [(name, url)]; ValidationError names the bad line."""
    sources = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _SOURCE_LINE.match(line)
        if not match:
            raise forms.ValidationError(
                f"Line {n}: write each source as “Name | https://link”.", code="source"
            )
        sources.append((match["name"], match["url"]))
    return sources


def format_sources(slot: Slot) -> str:
    return "\n".join(f"{s.name} | {s.url}" for s in slot.sources.all())


class StartForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    newsletter = forms.SlugField(initial="daily", max_length=50)
    from_previous = forms.BooleanField(
        required=False, initial=True, label="Reuse the previous edition's layout"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = publication_today()


class EditionMetaForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["subject", "preheader", "intro", "signoff"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "signoff": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "preheader": "The line inboxes show after the subject.",
            "intro": "The editor's note at the top.",
        }


class SlotForm(forms.Form):
    headline = forms.CharField(max_length=200)
    blurb = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="Two to four sentences."
    )
    sources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: Name | https://link (an article on our site or elsewhere).",
    )
    image_url = forms.URLField(required=False, assume_scheme="https", label="Image URL")
    image_credit = forms.CharField(required=False, max_length=200)

    def clean_sources(self):
        sources = parse_sources(self.cleaned_data["sources"])
        if not sources:
            raise forms.ValidationError("A story needs at least one source.")
        return sources

    @classmethod
    def for_slot(cls, slot: Slot, data=None):
        initial = {
            "headline": slot.headline,
            "blurb": slot.blurb,
            "sources": format_sources(slot),
            "image_url": slot.image_url,
            "image_credit": slot.image_credit,
        }
        return cls(data, initial=initial)


class TestAddressesForm(forms.Form):
    __test__ = False

    addresses = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=f"One address per line, at most {MAX_TEST_ADDRESSES}.",
    )

    def clean_addresses(self):
        return [
            a.strip() for a in re.split(r"[\s,;]+", self.cleaned_data["addresses"]) if a.strip()
        ]
