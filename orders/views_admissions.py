"""Admission lists: download the template, upload a filled list, get a draft enrolment order."""

import datetime

from django import forms
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from registrar.errors import DomainError
from registrar.policy import policy
from registrar.xlsx import XLSX_CONTENT_TYPE
from registrar.xlsx_import import MAX_UPLOAD_BYTES, ImportFailed

from . import admissions as services

ACTION = "student.manage"


class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def default_effective_on(today: datetime.date) -> datetime.date:
    """1 September of the intake being admitted: this year's from June on, else last year's."""
    return datetime.date(today.year if today.month >= 6 else today.year - 1, 9, 1)


class AdmissionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Admission list (xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    order_date = forms.DateField(label=gettext_lazy("Order date"), widget=DateInput)
    effective_on = forms.DateField(
        label=gettext_lazy("Enrolled from"), widget=DateInput, help_text=gettext_lazy("Decides the intake year.")
    )
    basis = forms.CharField(
        label=gettext_lazy("Basis"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("E.g. the minutes of the admissions committee: number and date."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


def _order_url(order) -> str | None:
    """The order's page (orders app), if it is routed."""
    try:
        return reverse("order_detail", kwargs={"pk": order.pk})
    except NoReverseMatch:
        return None


def _recent_orders():
    from orders.choices import OrderType
    from orders.models import Order

    orders = list(
        Order.objects.filter(order_type=OrderType.ENROLMENT)
        .annotate(
            applicants=Count("items"),
            without_account=Count("items", filter=Q(items__student__isnull=False, items__student__user__isnull=True)),
        )
        .order_by("-created_at", "-pk")[:10]
    )
    for order in orders:
        order.url = _order_url(order)
    return orders


@policy(ACTION)
def admission_upload(request):
    today = timezone.localdate()
    errors: list = []
    if request.method == "POST":
        form = AdmissionUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                order = services.admission_list_import(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    order_date=form.cleaned_data["order_date"],
                    effective_on=form.cleaned_data["effective_on"],
                    basis=form.cleaned_data["basis"],
                )
            except ImportFailed as exc:
                errors = exc.errors
            except DomainError as exc:
                errors = [str(e) for e in exc.errors]
            else:
                return redirect(f"{reverse('admission_upload')}?created={order.pk}")
    else:
        form = AdmissionUploadForm(initial={"order_date": today, "effective_on": default_effective_on(today)})
    created = None
    recent = _recent_orders()
    if request.GET.get("created", "").isdigit():
        created = next((o for o in recent if o.pk == int(request.GET["created"])), None)
    return render(
        request,
        "enrollment/admissions/upload.html",
        {
            "form": form,
            "errors": errors,
            "file_errors": [e for e in errors if getattr(e, "row", 0) is None],
            "row_errors": [e for e in errors if getattr(e, "row", None) is not None],
            "other_errors": [e for e in errors if isinstance(e, str)],
            "created": created,
            "orders": recent,
        },
        status=400 if errors else 200,
    )


@policy(ACTION)
@require_GET
def admission_template(request):
    response = HttpResponse(services.admission_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="admission-list.xlsx"'
    return response
