"""Samples for the grades pages with arguments: one student's grades are open to the office, the
student themself, their adviser and their faculty's dean's office; another student, another adviser
and teachers are refused (EXTRA: a student of another faculty, advised by the other adviser)."""

from tests.access_samples.enrollment import OFFICE, _other_pk, _student_pk

SAMPLES = {
    "student_grades": (_student_pk, OFFICE | {"student", "adviser", "dean_office"}),
}

EXTRA = [
    ("student_grades", _other_pk, OFFICE | {"another_student", "another_adviser"}),
]
