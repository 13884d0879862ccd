"""Samples for the academic-mobility, recognition and summer URLs with arguments.

The sample student is the enrollment samples' one (the `student` fixture user, advised by `adviser`, in
the faculty of `dean_office`), with an approved recognition: the office, the student themself, their
adviser and their dean's office may open it and its PDF; only the office prepares, edits and approves.
A draft recognition of the same student is for the office only (EXTRA).
"""

from tests.access_samples.enrollment import OFFICE, _student

SEEN_BY = OFFICE | {"student", "adviser", "dean_office"}


def _recognition(users, status="approved"):
    from django.utils import timezone

    from academics.models import CurriculumItem
    from grading.models import Recognition, RecognitionItem
    from tests.enrollment.factories_students import CurriculumFactory, factory_actor
    from tests.factories import DisciplineFactory

    student = _student(users)
    existing = Recognition.objects.filter(student=student, status=status).first()
    if existing:
        return existing
    curriculum = CurriculumFactory(
        programme=student.programme,
        intake_year=2000 + Recognition.objects.count(),
        status="approved",
        approved_by=factory_actor(),
        approved_at=timezone.now(),
    )
    discipline = DisciplineFactory()
    CurriculumItem.objects.create(curriculum=curriculum, discipline=discipline, term=1)
    recognition = Recognition.objects.create(
        student=student,
        basis="transfer",
        curriculum=curriculum,
        up_to_term=1,
        status=status,
        created_by=users["registrar"],
        approved_by=users["registrar"] if status == "approved" else None,
        approved_at=timezone.now() if status == "approved" else None,
    )
    RecognitionItem.objects.create(
        recognition=recognition, discipline=discipline, curriculum_term=1, decision="make_up"
    )
    return recognition


def _recognition_pk(users):
    return {"pk": _recognition(users).pk}


def _draft_pk(users):
    return {"pk": _recognition(users, "draft").pk}


def _pdf(users):
    return {"pk": _recognition(users).pk, "lang": "kk"}


def _draft_pdf(users):
    return {"pk": _recognition(users, "draft").pk, "lang": "ru"}


def _item(users):
    return {"item_id": _recognition(users).items.first().pk}


def _student_pk(users):
    return {"pk": _student(users).pk}


def _student_id(users):
    return {"student_id": _student(users).pk}


SAMPLES = {
    "student_mobility": (_student_pk, SEEN_BY),
    "recognition_new_for": (_student_id, OFFICE),
    "recognition_detail": (_recognition_pk, SEEN_BY),
    # POST-only: allowed roles get 405 on GET, then an empty POST is refused by the service (approved).
    "recognition_approve": (_recognition_pk, OFFICE),
    "recognition_discard": (_recognition_pk, OFFICE),
    "recognition_item_edit": (_item, OFFICE),
    "recognition_pdf": (_pdf, SEEN_BY),
}

EXTRA = [
    ("recognition_detail", _draft_pk, OFFICE),
    ("recognition_pdf", _draft_pdf, OFFICE),
]
