"""What the class timetable's and the exam schedule's version pages have in common: the list with the
"compute" form, the progress partial and publishing. Each schedule describes itself once (`Schedule`);
its views stay one line each and keep their own `@policy`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from enrollment.selectors_sections import default_term
from registrar.errors import DomainError
from registrar.listing import list_page


@dataclass(frozen=True)
class Schedule:
    """One kind of schedule: its queryset of versions, services and names."""

    versions: object  # a queryset of versions with what the pages show
    solve_form: type
    create: Callable  # create(actor=..., **cleaned_data) -> version
    dispatch: Callable  # start the computation of a version
    publish: Callable  # publish(actor=..., version=...)
    cost_labels: dict
    warning_text: Callable
    filterset_class: type
    table_class: type
    list_template: str
    export_name: str
    version_url: str  # URL name of a version's page
    progress_url: str  # URL name of its progress partial
    computing_message: Callable[[], str]  # translated when called
    published_message: Callable[[], str]


def apply_errors(form, exc: DomainError) -> None:
    """A service's refusal onto the form: on the field it names, else at the top."""
    for message in exc.errors:
        form.add_error(exc.field if exc.field in form.fields else None, message)


def versions_page(request, schedule: Schedule):
    form = schedule.solve_form(request.POST or None, default_term=default_term())
    if request.method == "POST" and form.is_valid():
        try:
            version = schedule.create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            schedule.dispatch(version)
            messages.success(request, schedule.computing_message())
            return redirect(schedule.version_url, pk=version.pk)
    return list_page(
        request,
        queryset=schedule.versions.all(),
        filterset_class=schedule.filterset_class,
        table_class=schedule.table_class,
        template=schedule.list_template,
        export_name=schedule.export_name,
        context={"form": form},
    )


def version_context(version, schedule: Schedule) -> dict:
    breakdown = version.cost_breakdown or {}
    return {
        "version": version,
        "progress_url": reverse(schedule.progress_url, args=[version.pk]),
        "active": version.is_solving,
        "costs": [(label, breakdown.get(key, 0)) for key, label in schedule.cost_labels.items()],
        "warnings": [schedule.warning_text(w) for w in breakdown.get("warnings", [])],
    }


def progress_partial(request, pk, schedule: Schedule):
    """The progress partial, polled while the version is computed; a finished one reloads the page."""
    version = get_object_or_404(schedule.versions, pk=pk)
    response = render(request, "scheduling/_progress.html", version_context(version, schedule))
    if request.htmx and not version.is_solving:
        response["HX-Refresh"] = "true"
    return response


def publish(request, pk, schedule: Schedule):
    version = get_object_or_404(schedule.versions, pk=pk)
    try:
        schedule.publish(actor=request.user, version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, schedule.published_message())
    return redirect(schedule.version_url, pk=version.pk)
