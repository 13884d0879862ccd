"""Academic groups: list, page with members, create and edit (the registrar's office)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy

from .. import selectors
from ..choices import StudentStatus
from ..filters import GroupFilter
from ..forms import GroupForm
from ..models import AcademicGroup
from ..policies import students_visible_to
from ..services.groups import group_create, group_update
from ..tables import GroupTable


@policy("group.view")
def group_list(request):
    queryset = AcademicGroup.objects.select_related("programme", "curator__user").annotate(
        members=Count("students", filter=Q(students__status__in=[StudentStatus.ACTIVE, StudentStatus.ON_LEAVE]))
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=GroupFilter,
        table_class=GroupTable,
        template="enrollment/group_list.html",
        export_name="academic-groups",
        context={"can_manage": may(request.user, "student.manage")},
    )


@policy("group.view")
def group_detail(request, pk):
    group = get_for_user(
        request.user, "group.view", AcademicGroup.objects.select_related("programme", "curator__user"), pk=pk
    )
    members = selectors.group_members(group)
    # Which members' cards the viewer may open, in one query (advisers: their advisees only).
    visible = set(students_visible_to(request.user, group.students.all()).values_list("pk", flat=True))
    return render(
        request,
        "enrollment/group_detail.html",
        {
            "group": group,
            "members": [(s, s.pk in visible) for s in members],
            "active_count": sum(1 for s in members if s.status == StudentStatus.ACTIVE),
            "can_manage": may(request.user, "student.manage", group),
            "show_audit": may(request.user, "audit.view"),
        },
    )


def _apply_errors(form, exc: DomainError):
    for message in exc.errors:
        form.add_error(exc.field if exc.field in form.fields else None, message)


@policy("student.manage")
def group_create_view(request):
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = group_create(
                actor=request.user,
                programme=data["programme"],
                intake_year=data["intake_year"],
                study_form=data["study_form"],
                language=data["language"],
                number=data["number"],
                name=data["name"],
                curator=data["curator"],
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Group %(name)s created.") % {"name": group.name})
            return redirect("group_detail", pk=group.pk)
    return render(request, "enrollment/group_form.html", {"form": form, "group": None})


@policy("student.manage")
def group_edit(request, pk):
    group = get_for_user(request.user, "student.manage", AcademicGroup.objects.select_related("programme"), pk=pk)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("number") is None:
            data["number"] = group.number
        try:
            group = group_update(actor=request.user, group=group, data=data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Group %(name)s saved.") % {"name": group.name})
            return redirect("group_detail", pk=group.pk)
    return render(request, "enrollment/group_form.html", {"form": form, "group": group})
