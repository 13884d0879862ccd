"""Samples for the student-file URLs with arguments.

The sample student belongs to the `student` fixture user, has the `adviser` fixture user's Teacher
as adviser and studies in a faculty whose dean's office is the `dean_office` fixture user. So the
matrix proves that another student, another adviser and a teacher cannot open the record or its
documents, while the student themself, their adviser and their dean's office can.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

OFFICE = {"registrar", "registrar_head", "administrator"}
SAMPLE_PDF = "private/students/access-sample/sample.pdf"


def _student(users):
    from enrollment.models import Student
    from tests.enrollment.factories_students import (
        AcademicGroupFactory,
        ProgrammeFactory,
        StudentFactory,
        dean_office_of,
        teacher_for,
    )

    existing = Student.objects.filter(user=users["student"]).first()
    if existing:
        return existing
    programme = ProgrammeFactory()
    dean_office_of(users["dean_office"], programme.faculty)
    return StudentFactory(
        user=users["student"],
        programme=programme,
        group=AcademicGroupFactory(programme=programme),
        adviser=teacher_for(users["adviser"], department=programme.department),
    )


def _other_faculty_student(users):
    """Another student: own account, another adviser, a faculty the dean's office does not read."""
    from enrollment.models import Student
    from tests.enrollment.factories_students import StudentFactory, teacher_for

    existing = Student.objects.filter(user=users["another_student"]).first()
    return existing or StudentFactory(user=users["another_student"], adviser=teacher_for(users["another_adviser"]))


def _document(users):
    from enrollment.models import PersonalDocument

    student = _student(users)
    if not default_storage.exists(SAMPLE_PDF):
        default_storage.save(SAMPLE_PDF, ContentFile(b"%PDF-1.4\n%sample\n"))
    doc = PersonalDocument.objects.create(
        student=student,
        doc_type="id_copy",
        file=SAMPLE_PDF,
        original_name="udostoverenie.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=users["registrar"],
    )
    return doc


def _student_pk(users):
    return {"pk": _student(users).pk}


def _other_pk(users):
    return {"pk": _other_faculty_student(users).pk}


def _document_pk(users):
    return {"pk": _document(users).pk}


def _group_pk(users):
    return {"pk": _student(users).group_id}


SAMPLES = {
    "student_detail": (_student_pk, OFFICE | {"student", "adviser", "dean_office"}),
    "student_edit": (_student_pk, OFFICE),
    # POST-only upload: allowed roles get 405 on GET, then an empty POST (refused, redirect back).
    "document_add": (_student_pk, OFFICE),
    "document_download": (_document_pk, OFFICE | {"student", "adviser", "dean_office"}),
    "group_detail": (_group_pk, OFFICE | {"dean_office", "adviser", "another_adviser", "teacher", "another_teacher"}),
    "group_edit": (_group_pk, OFFICE),
}

EXTRA = [
    # A student of a faculty the dean's office does not read, advised by the other adviser.
    ("student_detail", _other_pk, OFFICE | {"another_student", "another_adviser"}),
]
