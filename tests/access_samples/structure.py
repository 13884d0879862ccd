"""Samples for the structure and catalogue URLs with arguments: {url_name: (factory(users) -> kwargs, {roles})}.

Viewing is for the office, deans' offices, advisers and teachers; changing for the office.
Delete views are POST-only and need confirm=1, so the matrix's empty POST deletes nothing.
"""

OFFICE = {"registrar", "registrar_head", "administrator"}
VIEW = OFFICE | {"dean_office", "adviser", "another_adviser", "teacher", "another_teacher"}


def _pk(factory_name):
    def make(users):
        from tests.academics import factories_structure as f

        return {"pk": getattr(f, factory_name)().pk}

    return make


SAMPLES = {
    "faculty_edit": (_pk("FacultyFactory"), OFFICE),
    "faculty_delete": (_pk("FacultyFactory"), OFFICE),
    "department_edit": (_pk("DepartmentFactory"), OFFICE),
    "department_delete": (_pk("DepartmentFactory"), OFFICE),
    "teacher_edit": (_pk("TeacherFactory"), OFFICE),
    "teacher_delete": (_pk("TeacherFactory"), OFFICE),
    "programme_detail": (_pk("ProgrammeFactory"), VIEW),
    "programme_edit": (_pk("ProgrammeFactory"), OFFICE),
    "programme_delete": (_pk("ProgrammeFactory"), OFFICE),
    "discipline_detail": (_pk("DisciplineFactory"), VIEW),
    "discipline_edit": (_pk("DisciplineFactory"), OFFICE),
    "discipline_delete": (_pk("DisciplineFactory"), OFFICE),
}
