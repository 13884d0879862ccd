"""Data of the documents benchmark (issue 7): a graduating cohort with a full record, graduated by a
real signed graduation order, and blanks in stock.

One bachelor programme (4 years), 30 disciplines over eight terms (4, 4, 4, 4, 4, 4, 3, 3; physical
education in terms 1-2, pass/fail practices in terms 4 and 6, the final attestation in term 8) with
names of realistic length in the three languages; `students` final-year students with Kazakh names and
their Latin spelling (trilingual documents need it), about 30 results each (an FX now and then is
retaken: a second attempt), GPA computed by the service, then one graduation order with every student
drafted, checked and signed through orders.services, and diploma, honours diploma and supplement
blanks received through transcripts.services.receive_blanks. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from registrar.scale import DEFAULT_SCALE, band_for

TERM_SIZES = (4, 4, 4, 4, 4, 4, 3, 3)
CREDITS = 5

# (kk, ru, en): names as long as real ones, so that rows wrap as they do in real transcripts.
NAMES = [
    ("Қазақстанның қазіргі заманғы тарихы", "Современная история Казахстана", "Modern History of Kazakhstan"),
    ("Ақпараттық-коммуникациялық технологиялар", "Информационно-коммуникационные технологии",
     "Information and Communication Technologies"),
    ("Шетел тілі", "Иностранный язык", "Foreign Language"),
    ("Қазақ (орыс) тілі", "Казахский (русский) язык", "Kazakh (Russian) Language"),
    ("Философия", "Философия", "Philosophy"),
    ("Математикалық талдау", "Математический анализ", "Mathematical Analysis"),
    ("Сызықтық алгебра және аналитикалық геометрия", "Линейная алгебра и аналитическая геометрия",
     "Linear Algebra and Analytic Geometry"),
    ("Бағдарламалау негіздері", "Основы программирования", "Fundamentals of Programming"),
    ("Деректер құрылымы және алгоритмдер", "Структуры данных и алгоритмы", "Data Structures and Algorithms"),
    ("Деректер қорын жобалау", "Проектирование баз данных", "Database Design"),
    ("Компьютерлік желілер", "Компьютерные сети", "Computer Networks"),
    ("Операциялық жүйелер", "Операционные системы", "Operating Systems"),
    ("Ықтималдықтар теориясы және математикалық статистика",
     "Теория вероятностей и математическая статистика", "Probability Theory and Mathematical Statistics"),
    ("Веб-қосымшаларды әзірлеу", "Разработка веб-приложений", "Web Application Development"),
    ("Бағдарламалық жасақтама инженериясы", "Программная инженерия", "Software Engineering"),
    ("Ақпараттық қауіпсіздік", "Информационная безопасность", "Information Security"),
    ("Машиналық оқыту", "Машинное обучение", "Machine Learning"),
    ("Экономикалық теория", "Экономическая теория", "Economic Theory"),
]  # fmt: skip


@dataclass
class DocumentsData:
    registrar: object
    head: object
    programme: object
    order: object
    student_ids: list[int]
    results: int
    sign_seconds: float = 0.0


def _grade(score: int):
    band = band_for(score, DEFAULT_SCALE)
    return band.letter, band.points, band.is_passing


def _structure():
    from academics.choices import Component, ControlForm, Cycle
    from academics.models import Department, Discipline, Faculty, Programme

    faculty = Faculty.objects.create(
        code="DF1",
        name_kk="Ақпараттық технологиялар факультеті",
        name_ru="Факультет информационных технологий",
        name_en="Faculty of Information Technology",
    )
    department = Department.objects.create(
        code="DD1",
        faculty=faculty,
        name_kk="Ақпараттық жүйелер кафедрасы",
        name_ru="Кафедра информационных систем",
        name_en="Department of Information Systems",
    )
    programme = Programme.objects.create(
        code="6B06101",
        short_code="ИС",
        name_kk="Ақпараттық жүйелер",
        name_ru="Информационные системы",
        name_en="Information Systems",
        degree_kk="«6B06101 – Ақпараттық жүйелер» білім беру бағдарламасы бойынша ақпараттық-коммуникациялық "
        "технологиялар бакалавры",
        degree_ru="Бакалавр информационно-коммуникационных технологий по образовательной программе "
        "«6B06101 – Информационные системы»",
        degree_en="Bachelor of Information and Communication Technologies in the educational programme "
        "6B06101 Information Systems",
        faculty=faculty,
        department=department,
    )
    plan, disciplines, n = [], [], 0
    for term_no, size in enumerate(TERM_SIZES, start=1):
        row = []
        for k in range(size):
            attestation = term_no == 8 and k == size - 1
            practice = term_no in (4, 6) and k == size - 1
            pe = term_no <= 2 and k == size - 1
            if attestation:
                names = ("Қорытынды аттестаттау", "Итоговая аттестация", "Final Attestation")
            elif practice:
                names = ("Өндірістік практика", "Производственная практика", "Professional Internship")
            elif pe:
                names = ("Дене шынықтыру", "Физическая культура", "Physical Education")
            else:
                names = NAMES[n % len(NAMES)]
                n += 1
            d = Discipline(
                code=f"IS{term_no}{k:02d}",
                name_kk=names[0],
                name_ru=names[1],
                name_en=names[2],
                credits=12 if attestation else CREDITS,
                hours_lecture=15,
                hours_practice=30,
                hours_self_with_teacher=35,
                hours_self=70,
                control_form=(
                    ControlForm.FINAL_ATTESTATION
                    if attestation
                    else ControlForm.PASS_FAIL
                    if practice
                    else ControlForm.EXAM
                ),
                cycle=Cycle.FINAL_ATTESTATION if attestation else Cycle.BASIC,
                component=Component.COMPULSORY,
                department=department,
                is_physical_education=pe,
            )
            row.append(d)
            disciplines.append(d)
        plan.append(row)
    Discipline.objects.bulk_create(disciplines)
    return programme, plan


def _students(programme, count: int, intake: int, rng: random.Random) -> list[int]:
    from enrollment.logins import transliterate
    from enrollment.models import AcademicGroup, Student
    from registrar.demo import person_name

    groups, students = {}, []
    for serial in range(1, count + 1):
        number = (serial - 1) // 25 + 1
        if number not in groups:
            groups[number] = AcademicGroup.objects.create(
                name=f"ИС-{intake % 100:02d}-{number}",
                programme=programme,
                intake_year=intake,
                study_form="full_time",
                language="kk",
                number=number,
            )
        last, first, patronymic = person_name(rng)
        students.append(
            Student(
                student_number=f"G{serial:06d}",
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                last_name_latin=transliterate(last).capitalize(),
                first_name_latin=transliterate(first).capitalize(),
                birth_date=datetime.date(2003, 1, 1) + datetime.timedelta(days=serial % 700),
                sex="F" if patronymic.endswith(("қызы", "вна")) else "M",
                programme=programme,
                intake_year=intake,
                year_of_study=4,
                study_form="full_time",
                language="kk",
                funding="grant" if serial % 3 else "paid",
                status="active",
                status_since=datetime.date(intake, 9, 1),
                group=groups[number],
            )
        )
    Student.objects.bulk_create(students, batch_size=1000)
    return list(Student.objects.filter(programme=programme).order_by("pk").values_list("pk", flat=True))


def _results(student_ids, plan, terms, registrar, rng: random.Random) -> int:
    from enrollment.models import Result

    rows = []
    for student_id in student_ids:
        level = rng.gauss(80, 9)
        for term, disciplines in zip(terms, plan, strict=True):
            for d in disciplines:
                if d.control_form == "pass_fail":
                    rows.append(Result(student_id=student_id, discipline=d, term=term, attempt=1, credits=d.credits,
                                       letter="P", points=None, passed=True, recorded_by=registrar))  # fmt: skip
                    continue
                score = max(50, min(100, round(rng.gauss(level, 9))))
                attempt = 1
                if rng.random() < 0.03:  # an FX, retaken in the same term
                    letter, points, passed = _grade(rng.randint(25, 49))
                    rows.append(Result(student_id=student_id, discipline=d, term=term, attempt=1, credits=d.credits,
                                       score=rng.randint(25, 49), letter=letter, points=points, passed=passed,
                                       recorded_by=registrar))  # fmt: skip
                    attempt = 2
                letter, points, passed = _grade(score)
                rows.append(Result(student_id=student_id, discipline=d, term=term, attempt=attempt, credits=d.credits,
                                   score=score, letter=letter, points=points, passed=passed,
                                   source="retake" if attempt == 2 else "sheet", recorded_by=registrar))  # fmt: skip
    Result.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def build(students: int = 500, seed: int = 7, blanks: int | None = None) -> DocumentsData:
    import time

    from django.db import connection

    from grading.services.gpa import gpa_recompute
    from orders import services as orders
    from orders.choices import OrderType
    from tests.perf.grading_data import _calendar, _people
    from transcripts import services

    rng = random.Random(seed)
    people = _people()
    registrar, head = people["bench-registrar"], people["bench-head"]
    today = datetime.date.today()
    this_year = today.year if today.month >= 9 else today.year - 1
    intake = this_year - 4
    terms = _calendar(intake, 4)  # eight terms, all in the past
    programme, plan = _structure()
    student_ids = _students(programme, students, intake, rng)
    results = _results(student_ids, plan, terms, registrar, rng)
    gpa_recompute(student_ids)

    from enrollment.models import Student

    started = time.perf_counter()
    order = orders.order_create(
        actor=registrar,
        order_type=OrderType.GRADUATION,
        order_date=today,
        effective_on=today,
        basis="Решение государственной аттестационной комиссии",
        params={"attestation_date": today.isoformat(), "minutes_number": "12"},
    )
    entries = [(s, None) for s in Student.objects.filter(pk__in=student_ids).order_by("pk")]
    orders.order_items_add(actor=registrar, order=order, entries=entries)
    order = orders.order_sign(actor=head, order=order)
    sign_seconds = time.perf_counter() - started

    blanks = blanks or students + 50
    for kind, series in (("diploma", "BD"), ("diploma_honours", "BDH"), ("supplement", "DS")):
        services.receive_blanks(
            actor=registrar,
            kind=kind,
            series=series,
            first_number=1,
            last_number=blanks,
            received_on=today,
            act_number=f"BENCH-{kind}",
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return DocumentsData(
        registrar=registrar,
        head=head,
        programme=programme,
        order=order,
        student_ids=student_ids,
        results=results,
        sign_seconds=sign_seconds,
    )
