"""Pages of the academic structure (faculties, departments, teachers, programmes) and the helpers
the catalogue pages share: thin, every rule is in academics.services.structure; viewing needs
"academics.view", changing "academics.manage". The discipline catalogue is in structure_catalogue."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy

from ..filters_structure import DepartmentFilter, FacultyFilter, ProgrammeFilter, TeacherFilter
from ..forms_structure import (
    DepartmentForm,
    FacultyForm,
    ProgrammeForm,
    TeacherForm,
)
from ..models import Department, Faculty, Programme, Teacher
from ..services import structure as services
from ..tables_structure import DepartmentTable, FacultyTable, ProgrammeTable, TeacherTable

VIEW, MANAGE = "academics.view", "academics.manage"


def _apply_errors(form, exc: DomainError) -> None:
    """The service's message on the field it names, or above the form."""
    name = exc.field if exc.field in form.fields else None
    form.add_error(name, exc.message)
    for extra in exc.errors[1:]:
        form.add_error(None, extra)


def list_view(request, *, queryset, filterset_class, table_class, export_name, title, create_url=None, extra=None):
    can_manage = may(request.user, MANAGE)

    def make_table(rows):
        if table_class in (FacultyTable, DepartmentTable, TeacherTable):
            return table_class(rows, can_manage=can_manage)
        return table_class(rows)

    return list_page(
        request,
        queryset=queryset,
        filterset_class=filterset_class,
        table_class=make_table,
        template="academics/structure/list.html",
        export_name=export_name,
        context={
            "title": title,
            "create_url": reverse(create_url) if create_url and can_manage else None,
            **(extra or {}),
        },
    )


def edit_view(
    request,
    *,
    form,
    save,
    title,
    done_url,
    cancel_url,
    delete_url=None,
    template="academics/structure/form.html",
    extra=None,
):
    """Show `form`; on a valid POST call `save(form)` (a service) and report its warnings."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(obj)s.") % {"obj": saved.obj})
            for warning in saved.warnings:
                messages.warning(request, warning)
            return redirect(done_url(saved.obj))
    context = {"form": form, "title": title, "delete_url": delete_url, "cancel_url": cancel_url, **(extra or {})}
    return render(request, template, context)


def delete_view(request, obj, list_url: str):
    # An explicit confirmation field: a bare POST (a stray request, the access test) deletes nothing.
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Deleting needs a confirmation."))
        return redirect(list_url)
    try:
        services.structure_delete(actor=request.user, obj=obj)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(request.POST.get("next") or list_url)
    messages.success(request, _("Deleted: %(obj)s.") % {"obj": obj})
    return redirect(list_url)


# Faculties


@policy(VIEW)
def faculty_list(request):
    qs = Faculty.objects.annotate(
        department_count=Count("departments", distinct=True), programme_count=Count("programmes", distinct=True)
    )
    return list_view(
        request,
        queryset=qs,
        filterset_class=FacultyFilter,
        table_class=FacultyTable,
        export_name="faculties",
        title=gettext_lazy("Faculties"),
        create_url="faculty_create",
    )


@policy(MANAGE)
def faculty_create(request):
    return edit_view(
        request,
        form=FacultyForm(request.POST or None),
        save=lambda f: services.faculty_save(actor=request.user, data=f.service_data()),
        title=_("New faculty"),
        done_url=lambda obj: reverse("faculty_list"),
        cancel_url=reverse("faculty_list"),
    )


@policy(MANAGE)
def faculty_edit(request, pk):
    obj = get_for_user(request.user, MANAGE, Faculty.objects.all(), pk=pk)
    return edit_view(
        request,
        form=FacultyForm(request.POST or None, instance=obj),
        save=lambda f: services.faculty_save(actor=request.user, data=f.service_data(), faculty=obj),
        title=_("Faculty %(code)s") % {"code": obj.code},
        done_url=lambda o: reverse("faculty_list"),
        delete_url=reverse("faculty_delete", args=[obj.pk]),
        cancel_url=reverse("faculty_list"),
    )


@policy(MANAGE)
@require_POST
def faculty_delete(request, pk):
    obj = get_for_user(request.user, MANAGE, Faculty.objects.all(), pk=pk)
    return delete_view(request, obj, reverse("faculty_list"))


# Departments


@policy(VIEW)
def department_list(request):
    qs = Department.objects.select_related("faculty").annotate(
        teacher_count=Count("teachers", distinct=True), discipline_count=Count("disciplines", distinct=True)
    )
    return list_view(
        request,
        queryset=qs,
        filterset_class=DepartmentFilter,
        table_class=DepartmentTable,
        export_name="departments",
        title=gettext_lazy("Departments"),
        create_url="department_create",
    )


@policy(MANAGE)
def department_create(request):
    return edit_view(
        request,
        form=DepartmentForm(request.POST or None, initial={"faculty": request.GET.get("faculty")}),
        save=lambda f: services.department_save(actor=request.user, data=f.service_data()),
        title=_("New department"),
        done_url=lambda obj: reverse("department_list"),
        cancel_url=reverse("department_list"),
    )


@policy(MANAGE)
def department_edit(request, pk):
    obj = get_for_user(request.user, MANAGE, Department.objects.all(), pk=pk)
    return edit_view(
        request,
        form=DepartmentForm(request.POST or None, instance=obj),
        save=lambda f: services.department_save(actor=request.user, data=f.service_data(), department=obj),
        title=_("Department %(code)s") % {"code": obj.code},
        done_url=lambda o: reverse("department_list"),
        delete_url=reverse("department_delete", args=[obj.pk]),
        cancel_url=reverse("department_list"),
    )


@policy(MANAGE)
@require_POST
def department_delete(request, pk):
    obj = get_for_user(request.user, MANAGE, Department.objects.all(), pk=pk)
    return delete_view(request, obj, reverse("department_list"))


# Teachers


@policy(VIEW)
def teacher_list(request):
    return list_view(
        request,
        queryset=Teacher.objects.select_related("user", "department"),
        filterset_class=TeacherFilter,
        table_class=TeacherTable,
        export_name="teachers",
        title=gettext_lazy("Teachers"),
        create_url="teacher_create",
    )


@policy(MANAGE)
def teacher_create(request):
    return edit_view(
        request,
        form=TeacherForm(request.POST or None),
        save=lambda f: services.teacher_save(actor=request.user, data=f.service_data()),
        title=_("New teacher"),
        done_url=lambda obj: reverse("teacher_list"),
        cancel_url=reverse("teacher_list"),
    )


@policy(MANAGE)
def teacher_edit(request, pk):
    obj = get_for_user(request.user, MANAGE, Teacher.objects.select_related("user"), pk=pk)
    return edit_view(
        request,
        form=TeacherForm(request.POST or None, instance=obj),
        save=lambda f: services.teacher_save(
            actor=request.user, data={k: v for k, v in f.service_data().items() if k != "user"}, teacher=obj
        ),
        title=_("Teacher %(name)s") % {"name": obj.user},
        done_url=lambda o: reverse("teacher_list"),
        delete_url=reverse("teacher_delete", args=[obj.pk]),
        cancel_url=reverse("teacher_list"),
    )


@policy(MANAGE)
@require_POST
def teacher_delete(request, pk):
    obj = get_for_user(request.user, MANAGE, Teacher.objects.select_related("user"), pk=pk)
    return delete_view(request, obj, reverse("teacher_list"))


# Programmes


@policy(VIEW)
def programme_list(request):
    return list_view(
        request,
        queryset=Programme.objects.select_related("faculty", "department"),
        filterset_class=ProgrammeFilter,
        table_class=ProgrammeTable,
        export_name="programmes",
        title=gettext_lazy("Educational programmes"),
        create_url="programme_create",
    )


@policy(VIEW)
def programme_detail(request, pk):
    programme = get_for_user(request.user, VIEW, Programme.objects.select_related("faculty", "department"), pk=pk)
    curricula = programme.curricula.annotate(item_count=Count("items")).select_related("approved_by")
    return render(
        request,
        "academics/structure/programme_detail.html",
        {
            "programme": programme,
            "curricula": curricula,
            "minimum": services.programme_minimum(programme),
            "can_manage": may(request.user, MANAGE),
        },
    )


@policy(MANAGE)
def programme_create(request):
    return edit_view(
        request,
        form=ProgrammeForm(request.POST or None),
        save=lambda f: services.programme_save(actor=request.user, data=f.service_data()),
        title=_("New educational programme"),
        done_url=lambda obj: reverse("programme_detail", args=[obj.pk]),
        cancel_url=reverse("programme_list"),
    )


@policy(MANAGE)
def programme_edit(request, pk):
    obj = get_for_user(request.user, MANAGE, Programme.objects.all(), pk=pk)
    return edit_view(
        request,
        form=ProgrammeForm(request.POST or None, instance=obj),
        save=lambda f: services.programme_save(actor=request.user, data=f.service_data(), programme=obj),
        title=_("Educational programme %(code)s") % {"code": obj.code},
        done_url=lambda o: reverse("programme_detail", args=[o.pk]),
        delete_url=reverse("programme_delete", args=[obj.pk]),
        cancel_url=reverse("programme_detail", args=[obj.pk]),
    )


@policy(MANAGE)
@require_POST
def programme_delete(request, pk):
    obj = get_for_user(request.user, MANAGE, Programme.objects.all(), pk=pk)
    return delete_view(request, obj, reverse("programme_list"))
