from .calendar import AcademicYear, CalendarPeriod, Term
from .curriculum import Curriculum, CurriculumItem, ElectiveBlock
from .structure import Department, Discipline, Faculty, Programme, Teacher

__all__ = [
    "AcademicYear",
    "CalendarPeriod",
    "Curriculum",
    "CurriculumItem",
    "Department",
    "Discipline",
    "ElectiveBlock",
    "Faculty",
    "Programme",
    "Teacher",
    "Term",
]
