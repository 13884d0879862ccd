"""Graduation documents pages: start a run over a signed graduation order, the list of runs, and one
run with its progress bar (an htmx partial polled every second while the run is queued or running)."""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from enrollment.choices import Movement
from enrollment.models import StatusChange
from registrar.errors import DomainError
from registrar.listing import PER_PAGE, list_page
from registrar.policy import policy

from . import services_graduation as graduation
from .models import DocumentLanguage, GraduationRun, RunStatus
from .tasks import graduation_dispatch

RUNS = GraduationRun.objects.select_related("started_by")


class OrderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(number)s of %(date)s: %(count)s graduate(s)") % {
            "number": obj.number,
            "date": obj.order_date.strftime("%d.%m.%Y"),
            "count": obj.graduates,
        }


def _orders_with_graduates():
    graduated = StatusChange.objects.filter(movement=Movement.GRADUATED).values("order_item_id")
    return graduation.graduation_orders().annotate(
        graduates=Count("items", filter=Q(items__id__in=graduated), distinct=True)
    )


class GraduationStartForm(forms.Form):
    order = OrderChoiceField(
        label=gettext_lazy("graduation order"),
        queryset=None,
        empty_label=None,
        help_text=gettext_lazy("Signed graduation orders that graduated someone, newest first."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("language of the documents"),
        choices=DocumentLanguage.choices,
        initial=DocumentLanguage.TRILINGUAL,
        help_text=gettext_lazy("English and trilingual documents need the Latin spelling of every graduate's name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _orders_with_graduates()


class GraduationRunFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search", help_text=gettext_lazy("Order number"))
    status = django_filters.ChoiceFilter(label=gettext_lazy("status"), choices=RunStatus.choices)

    class Meta:
        model = GraduationRun
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(order_number__icontains=value.strip())


class GraduationRunTable(tables.Table):
    created_at = tables.DateTimeColumn(
        verbose_name=gettext_lazy("started at"), format="d.m.Y H:i", linkify=("graduation_run", [tables.A("pk")])
    )
    order_number = tables.Column(verbose_name=gettext_lazy("graduation order"))
    language = tables.Column(verbose_name=gettext_lazy("language of the documents"))
    status = tables.Column(verbose_name=gettext_lazy("status"))
    progress = tables.TemplateColumn(
        template_name="transcripts/graduation/_progress_cell.html",
        verbose_name=gettext_lazy("progress"),
        order_by=("done",),
        exclude_from_export=True,
    )
    total = tables.Column(verbose_name=gettext_lazy("graduates"))
    done = tables.Column(verbose_name=gettext_lazy("done"))
    issued = tables.Column(verbose_name=gettext_lazy("documents issued"))
    skipped = tables.Column(verbose_name=gettext_lazy("already held"))
    problem_count = tables.Column(verbose_name=gettext_lazy("problems"), accessor="problems", orderable=False)
    started_by = tables.Column(verbose_name=gettext_lazy("started by"))
    finished_at = tables.DateTimeColumn(verbose_name=gettext_lazy("finished at"), format="d.m.Y H:i")

    class Meta:
        model = GraduationRun
        fields = [
            "created_at", "order_number", "language", "status", "progress", "total", "done", "issued", "skipped",
            "problem_count", "started_by", "finished_at",
        ]  # fmt: skip
        order_by = ("-created_at",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "graduation-run-table"}

    def render_problem_count(self, value):
        return len(value or [])

    def value_problem_count(self, value):
        return len(value or [])


class RunDocumentTable(tables.Table):
    number = tables.Column(
        verbose_name=gettext_lazy("number"),
        linkify=("document_detail", [tables.A("pk")]),
        attrs={"a": {"class": "doc"}},
    )
    kind = tables.Column(verbose_name=gettext_lazy("document"))
    holder_name = tables.Column(verbose_name=gettext_lazy("holder"))
    student_number = tables.Column(verbose_name=gettext_lazy("student ID number"), accessor="student__student_number")
    blank = tables.Column(verbose_name=gettext_lazy("blank"), accessor="details__blank", orderable=False, default="")
    issued_at = tables.DateTimeColumn(verbose_name=gettext_lazy("issued at"), format="d.m.Y H:i")
    status = tables.Column(verbose_name=gettext_lazy("status"))
    pdf = tables.TemplateColumn(
        "<a href=\"{% url 'document_pdf' record.pk %}\">PDF</a>",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover", "id": "graduation-documents"}


def _start(request, form):
    try:
        run = graduation.graduation_start(
            actor=request.user,
            order_number_or_order=form.cleaned_data["order"],
            language=form.cleaned_data["language"],
        )
    except DomainError as exc:
        for message in exc.errors:
            form.add_error("order" if exc.field == "order" else None, message)
        return None
    graduation_dispatch(run)
    messages.success(
        request,
        _("Generation of the documents of order %(number)s has started: %(total)s graduate(s).")
        % {"number": run.order_number, "total": run.total},
    )
    return run


@policy("documents.manage")
def graduation_runs(request):
    form = GraduationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = _start(request, form)
        if run is not None:
            return redirect("graduation_run", pk=run.pk)
    return list_page(
        request,
        queryset=RUNS,
        filterset_class=GraduationRunFilter,
        table_class=GraduationRunTable,
        template="transcripts/graduation/runs.html",
        export_name="graduation-runs",
        context={"form": form},
    )


def _progress_context(run: GraduationRun) -> dict:
    return {"run": run, "active": run.status in graduation.ACTIVE_STATUSES}


@policy("documents.manage")
def graduation_run(request, pk):
    run = get_object_or_404(RUNS, pk=pk)
    documents = RunDocumentTable(graduation.run_documents(run).order_by("student__last_name", "student_id", "kind"))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(documents)
    return render(request, "transcripts/graduation/run.html", {**_progress_context(run), "documents": documents})


@policy("documents.manage")
def graduation_run_progress(request, pk):
    """The progress partial. Polled by the run's page while the run works; the poll that sees the run
    finished asks htmx to reload the page (its list of documents is then complete)."""
    run = get_object_or_404(RUNS, pk=pk)
    response = render(request, "transcripts/graduation/_progress.html", _progress_context(run))
    if request.htmx and run.status not in graduation.ACTIVE_STATUSES:
        response["HX-Refresh"] = "true"
    return response
