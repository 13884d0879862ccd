"""Generating accounts: the page shows who gets one; the generating POST answers with the file.

The passwords exist only in that one response (PDF slips or xlsx, chosen before generating):
they are never put in a page that could be reloaded, a URL, a session or a log.
"""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth.models import Group
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enrollment.models import AcademicGroup
from enrollment.services import accounts as services
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.models import User
from registrar.pdf import render_pdf
from registrar.policy import policy
from registrar.roles import Role
from registrar.xlsx import workbook_response

STUDENTS = "student.manage"
STAFF = "user.reset_password"
PREVIEW_ROWS = 100
# One file per response, and a response must finish within the web server's timeout (30 s):
# 200 slips render in a few seconds; larger lists are generated file by file (or group by group).
BATCH_SIZE = 200
FORMATS = [("pdf", gettext_lazy("PDF: credential slips to print and cut")), ("xlsx", gettext_lazy("xlsx table"))]


def _enrolment_orders():
    from orders.choices import OrderStatus, OrderType
    from orders.models import Order

    return Order.objects.filter(order_type=OrderType.ENROLMENT, status=OrderStatus.SIGNED).order_by(
        "-order_date", "-pk"
    )


class StudentAccountsForm(forms.Form):
    order = forms.ModelChoiceField(
        label=gettext_lazy("Enrolment order"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("any order: every student without an account"),
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Academic group"),
        queryset=AcademicGroup.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("every group"),
    )
    output = forms.ChoiceField(label=gettext_lazy("Hand out as"), choices=FORMATS, initial="pdf", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _enrolment_orders()

    def students(self):
        order = self.cleaned_data.get("order")
        qs = services.students_without_account(order)
        if order is None:
            qs = qs.filter(status="active")
        if self.cleaned_data.get("group"):
            qs = qs.filter(group=self.cleaned_data["group"])
        return qs


def _secret_response(response: HttpResponse) -> HttpResponse:
    # The file carries passwords: no cache (browser or proxy) may keep a copy.
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response


def credentials_response(credentials, output: str, filename: str) -> HttpResponse:
    """The one response that carries the passwords: a PDF of slips or an xlsx, as a download."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if output == "xlsx":
        header = [_("full name"), _("role"), _("programme / department"), _("login"), _("initial password")]
        rows = ([c.full_name, c.role, c.detail, c.username, c.password] for c in credentials)
        return _secret_response(workbook_response(f"{filename}-{stamp}", [(_("accounts"), header, rows)]))
    content = render_pdf("documents/credentials.html", {"credentials": credentials})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.pdf"'
    return _secret_response(response)


@policy(STUDENTS)
def account_students(request):
    """Students without an account (of one enrolment order, or all): preview on GET, generate on POST."""
    form = StudentAccountsForm(request.POST if request.method == "POST" else request.GET)
    students, total, error = [], 0, None
    if form.is_valid():
        try:
            qs = form.students()
            if request.method == "POST":
                batch = list(qs[:BATCH_SIZE])
                credentials = services.accounts_generate_for_students(actor=request.user, students=batch)
                if credentials:
                    return credentials_response(credentials, form.cleaned_data.get("output") or "pdf", "accounts")
                error = _("Everyone selected already has an account.")
            total = qs.count()
            students = list(qs[:PREVIEW_ROWS])
        except DomainError as exc:
            error = exc.message
    return render(
        request,
        "enrollment/accounts/students.html",
        {
            "form": form,
            "students": students,
            "total": total,
            "batch": min(total, BATCH_SIZE),
            "batch_size": BATCH_SIZE,
            "more": max(0, total - PREVIEW_ROWS),
            "error": error,
        },
        status=400 if error and request.method == "POST" else 200,
    )


class StaffAccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search")
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("Role"), choices=[c for c in Role.choices if c[0] != Role.STUDENT], method="by_role"
    )
    never_logged_in = django_filters.BooleanFilter(label=gettext_lazy("never logged in"), method="by_login")

    class Meta:
        model = User
        fields = ["q", "role", "never_logged_in"]

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= Q(username__icontains=word) | Q(last_name__icontains=word) | Q(first_name__icontains=word)
        return queryset.filter(q)

    def by_role(self, queryset, name, value):
        return queryset.filter(groups__in=Group.objects.filter(name=value)).distinct()

    def by_login(self, queryset, name, value):
        return queryset.filter(last_login__isnull=value) if value is not None else queryset


class StaffAccountTable(tables.Table):
    selected = tables.CheckBoxColumn(accessor="pk", attrs={"input": {"name": "users", "form": "generate-form"}})
    username = tables.LinkColumn("user_detail", args=[tables.A("pk")], verbose_name=gettext_lazy("username"))
    full_name = tables.Column(
        verbose_name=gettext_lazy("full name"), order_by=("last_name", "first_name"), accessor="full_name"
    )
    roles = tables.Column(verbose_name=gettext_lazy("roles"), accessor="pk", orderable=False)
    department = tables.Column(
        verbose_name=gettext_lazy("department"), accessor="teacher__department__code", default="", orderable=False
    )
    last_login = tables.DateTimeColumn(verbose_name=gettext_lazy("last login"), format="d.m.Y H:i")
    must_change_password = tables.BooleanColumn(verbose_name=gettext_lazy("must change password"))

    class Meta:
        model = User
        fields = ["selected", "username", "full_name", "roles", "department", "last_login", "must_change_password"]
        exclude = ["id"]

    def render_roles(self, record):
        return ", ".join(record.role_labels())

    def value_roles(self, record):
        return ", ".join(record.role_labels())

    def value_selected(self, record):
        return ""


@policy(STAFF)
def account_staff(request):
    """Teachers' and staff accounts: pick some and give them new initial passwords."""
    return list_page(
        request,
        queryset=services.staff_accounts_selectable(request.user),
        filterset_class=StaffAccountFilter,
        table_class=StaffAccountTable,
        template="enrollment/accounts/staff.html",
        export_name="accounts",
        context={"formats": FORMATS},
    )


@policy(STAFF)
@require_POST
def account_staff_generate(request):
    ids = [int(v) for v in request.POST.getlist("users") if v.isdigit()][:BATCH_SIZE]
    users = services.staff_accounts_selectable(request.user).filter(pk__in=ids)
    output = request.POST.get("output") if request.POST.get("output") in ("pdf", "xlsx") else "pdf"
    try:
        credentials = services.accounts_reissue(actor=request.user, users=users)
    except DomainError as exc:
        return render(request, "enrollment/accounts/refused.html", {"errors": exc.errors}, status=400)
    return credentials_response(credentials, output, "staff-accounts")
