"""Forms and list filters of the documents pages; the rules are in transcripts/services.py."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enrollment.filters import STUDENT_TEXT, name_search
from grading.forms_mobility import StudentField

from .models import (
    Blank,
    BlankStatus,
    CertificateRequest,
    DocumentKind,
    DocumentLanguage,
    DocumentStatus,
    IssuedDocument,
    RequestStatus,
    StudyPurpose,
)

OFFICE_KINDS = [
    (DocumentKind.TRANSCRIPT, DocumentKind.TRANSCRIPT.label),
    (DocumentKind.ACADEMIC_CERTIFICATE, DocumentKind.ACADEMIC_CERTIFICATE.label),
    (DocumentKind.DIPLOMA, DocumentKind.DIPLOMA.label),
    (DocumentKind.SUPPLEMENT, DocumentKind.SUPPLEMENT.label),
    (DocumentKind.STUDY_CERTIFICATE, DocumentKind.STUDY_CERTIFICATE.label),
]
SINGLE_LANGUAGES = [c for c in DocumentLanguage.choices if c[0] != DocumentLanguage.TRILINGUAL]


def _free_blanks():
    return Blank.objects.filter(status=BlankStatus.FREE).order_by("kind", "series", "number")


class BlankChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()}: {obj.label}"


class BlankChoice(forms.Form):
    """The optional blank of a diploma or supplement: the free blanks in stock."""

    blank = BlankChoiceField(
        label=_("blank (diploma, supplement)"),
        queryset=Blank.objects.none(),
        required=False,
        help_text=_("Leave empty to take the next free blank of the right kind."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blank"].queryset = _free_blanks()


class IssueForm(BlankChoice):
    student = StudentField()
    kind = forms.ChoiceField(label=_("document"), choices=OFFICE_KINDS)
    language = forms.ChoiceField(label=_("language of the document"), choices=DocumentLanguage.choices, initial="ru")
    purpose = forms.ChoiceField(
        label=_("purpose (certificate of study)"), choices=[("", "—"), *StudyPurpose.choices], required=False
    )
    addressee = forms.CharField(label=_("to be presented to"), max_length=255, required=False)
    field_order = ["student", "kind", "language", "purpose", "addressee", "blank"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == DocumentKind.STUDY_CERTIFICATE:
            if not data.get("purpose"):
                self.add_error("purpose", _("Choose what the certificate is for."))
            if data.get("language") == DocumentLanguage.TRILINGUAL:
                self.add_error("language", _("A certificate of study is issued in one language."))
        return data


class DuplicateForm(BlankChoice):
    reason = forms.CharField(label=_("reason for the duplicate"), max_length=255)
    revoke_original = forms.BooleanField(label=_("revoke the original (lost or damaged)"), required=False, initial=True)
    field_order = ["reason", "revoke_original", "blank"]


class NationalNumberForm(forms.Form):
    national_number = forms.CharField(
        label=_("number on the national higher-education platform"), max_length=40, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=255)


class StudyCertificateRequestForm(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=StudyPurpose.choices)
    addressee = forms.CharField(
        label=_("to be presented to"),
        max_length=255,
        required=False,
        help_text=_("The organisation that asked for the certificate (required for “place of request”)."),
    )
    language = forms.ChoiceField(label=_("language of the document"), choices=SINGLE_LANGUAGES, initial="ru")


class VerifyCodeForm(forms.Form):
    code = forms.CharField(label=_("verification code"), max_length=40)


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("the PDF you were given"))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: it is not a document we issue."))
        return upload


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Holder, number or code"))
    kind = django_filters.ChoiceFilter(label=_("document"), choices=DocumentKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=DocumentStatus.choices)
    language = django_filters.ChoiceFilter(label=_("language of the document"), choices=DocumentLanguage.choices)
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = IssuedDocument
        fields = ["q", "kind", "status", "language", "year"]

    def search(self, queryset, name, value):
        text = Q()
        for word in value.split():
            text &= (
                name_search(tuple(f"student__{f}" for f in STUDENT_TEXT), (), word)
                | Q(number__icontains=word)
                | Q(verification_code=word.upper().replace("-", ""))
            )
        return queryset.filter(text)


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Student"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=RequestStatus.choices)
    purpose = django_filters.ChoiceFilter(label=_("purpose"), choices=StudyPurpose.choices)

    class Meta:
        model = CertificateRequest
        fields = ["q", "status", "purpose"]

    def search(self, queryset, name, value):
        text = Q()
        for word in value.split():
            text &= name_search(tuple(f"student__{f}" for f in STUDENT_TEXT), (), word)
        return queryset.filter(text)
