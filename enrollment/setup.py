"""Registers the student file's menu entries, dashboard panel and demo seeder (called from ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation
from registrar.demo import register_seeder

STUDENT_BODY = _("Student body")


def _status_panel(request):
    from django.urls import reverse

    from .choices import StudentStatus
    from .selectors import status_counts

    counts = status_counts()
    url = reverse("student_list")
    return {
        "title": _("Students by status"),
        "rows": [
            {"status": s.value, "label": s.label, "count": counts[s.value], "url": f"{url}?status={s.value}"}
            for s in StudentStatus
        ],
        "total": sum(counts.values()),
    }


def student_calendar_scope(user):
    """A student sees the calendar periods of their own study form and year of study."""
    from academics.calendar_rules import PeriodScope

    if not user.is_authenticated:
        return None
    student = getattr(user, "_calendar_student", None)
    if student is None:
        from .models import Student

        student = Student.objects.filter(user=user).only("study_form", "year_of_study").first() or False
        user._calendar_student = student
    if not student:
        return None
    return PeriodScope(study_form=student.study_form, year_of_study=student.year_of_study)


def seed_student_file(ctx):
    """The personal-file checklist for every programme, and the demo dean's office reading the
    first faculty (so the dean's views show students). Idempotent."""
    from academics.models import Faculty
    from registrar.models import User

    from .choices import DocumentType
    from .models import DeanOfficeMember, RequiredDocument

    for doc_type in (DocumentType.ID_COPY, DocumentType.EDUCATION, DocumentType.TEST, DocumentType.PHOTO):
        RequiredDocument.objects.get_or_create(programme=None, doc_type=doc_type)
    dean = User.objects.filter(username="dean").first()
    faculty = Faculty.objects.order_by("code").first()
    if dean and faculty:
        DeanOfficeMember.objects.get_or_create(user=dean, faculty=faculty)
    ctx.log(f"personal-file checklist: {RequiredDocument.objects.count()} documents; dean's office: {faculty or '-'}")


def setup():
    from academics.selectors_calendar import register_viewer_scope

    register_viewer_scope(student_calendar_scope)
    from .selectors import register_ground_labels

    register_ground_labels([("latin_spelling", _("correction of the Latin spelling"))])
    navigation.add(
        navigation.NavItem(_("My card"), "my_card", "student.own_card", section="", order=110),
        navigation.NavItem(_("Students"), "student_list", "student.list", section=STUDENT_BODY, order=300),
        navigation.NavItem(_("Academic groups"), "group_list", "group.view", section=STUDENT_BODY, order=310),
        navigation.NavItem(
            _("Student body on a date"), "student_body", "student.body", section=STUDENT_BODY, order=320
        ),
        navigation.NavItem(
            _("Movement of the student body"), "student_movement", "student.body", section=STUDENT_BODY, order=325
        ),
    )
    dashboard.add(
        dashboard.Panel(
            "students_by_status", "enrollment/panels/status.html", "student.manage", _status_panel, order=25, width=4
        )
    )
    register_seeder(45, "student_file", seed_student_file)
