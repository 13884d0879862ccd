"""The student list, the student card (also as the student's own "My card") and the correction of
personal data. Thin: select, check the policy, call a service, render."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy

from .. import card_links, selectors
from ..filters import StudentFilter
from ..forms import DocumentUploadForm, StudentPersonalForm
from ..models import Student
from ..policies import own_student, students_visible_to
from ..services.students import student_update_personal
from ..tables import StudentTable, selection_actions_for

CARD_RELATED = ("programme__faculty", "programme__department", "curriculum", "group", "adviser__user", "user")


@policy("student.list")
def student_list(request):
    """Students the viewer may see: the office all, a dean's office its faculties, an adviser own advisees."""
    queryset = students_visible_to(request.user, Student.objects.select_related("programme", "group", "adviser__user"))
    actions = selection_actions_for(request.user)
    return list_page(
        request,
        queryset=queryset,
        filterset_class=StudentFilter,
        table_class=partial(StudentTable, selectable=bool(actions)),
        template="enrollment/student_list.html",
        export_name="students",
        context={"can_manage": may(request.user, "student.manage"), "selection_actions": actions},
    )


def card_context(request, student: Student, *, own: bool = False) -> dict:
    """What the student card shows; a bounded number of queries whatever the history's length."""
    office = may(request.user, "student.manage", student)
    documents = list(student.documents.select_related("uploaded_by"))
    return {
        "student": student,
        "own": own,
        "can_manage": office,
        "history_rows": selectors.status_history(student),
        "documents": documents,
        "checklist": selectors.checklist(student, documents),
        "upload_form": DocumentUploadForm() if office else None,
        "show_audit": may(request.user, "audit.view"),
        "plans": list(student.plans.select_related("term__academic_year").order_by("-term__starts_on")),
        "card_links": card_links.links_for(request.user, student),
    }


@policy("student.view")
def student_detail(request, pk):
    student = get_for_user(request.user, "student.view", Student.objects.select_related(*CARD_RELATED), pk=pk)
    return render(request, "enrollment/student_detail.html", card_context(request, student))


@policy("student.own_card")
def my_card(request):
    """The student's own card ("My card")."""
    mine = own_student(request.user)
    if mine is None:
        raise Http404(_("Your account is not linked to a student record."))
    student = Student.objects.select_related(*CARD_RELATED).get(pk=mine.pk)
    return render(request, "enrollment/student_detail.html", card_context(request, student, own=True))


@policy("student.manage")
def student_edit(request, pk):
    """Correct personal data; status, programme, group, year, funding and names change only by orders."""
    student = get_for_user(request.user, "student.manage", Student.objects.select_related("programme"), pk=pk)
    form = StudentPersonalForm(request.POST or None, instance=student)
    if request.method == "POST" and form.is_valid():
        try:
            student_update_personal(actor=request.user, student=student, data=form.cleaned_data)
        except DomainError as exc:
            for message in exc.errors:
                form.add_error(exc.field if exc.field in form.fields else None, message)
        else:
            messages.success(request, _("Personal data saved."))
            return redirect("student_detail", pk=student.pk)
    return render(request, "enrollment/student_edit.html", {"student": student, "form": form})
