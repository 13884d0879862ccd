"""Import of the discipline catalogue from xlsx: broken files are refused whole, with every
problem listed by row number; a good file creates and updates all of its rows."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from academics import imports
from academics.models import Discipline
from registrar.xlsx_import import ImportFailed
from tests.academics.factories_structure import DepartmentFactory, DisciplineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages and column names are asserted in English, whatever translations exist."""
    with translation.override("en"):
        yield


HEADER = [
    "Code",
    "Name (Kazakh)",
    "Name (Russian)",
    "Name (English)",
    "Credits (ECTS)",
    "National credits",
    "Lecture hours",
    "Practice hours",
    "Lab hours",
    "Self-study with teacher, hours",
    "Self-study, hours",
    "Control form",
    "Cycle",
    "Component",
    "Department code",
    "Prerequisites",
    "Physical education",
]


def row(code, *, credits=5, hours=(15, 30, 0, 35, 70), control="exam", cycle="BD", component="VK", dept="FA",
        prereqs="", pe="", national=None, names=None):  # fmt: skip
    kk, ru, en = names or (f"Қаржы {code}", f"Финансы {code}", f"Finance {code}")
    return [code, kk, ru, en, credits, national, *hours, control, cycle, component, dept, prereqs, pe]


def xlsx(rows, header=HEADER, name="catalogue.xlsx"):
    wb = Workbook()
    ws = wb.active
    if header is not None:
        ws.append(header)
    for r in rows:
        ws.append(r)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def department(db):
    return DepartmentFactory(code="FA")


@pytest.fixture
def registrar(users):
    return users["registrar"]


def run(registrar, upload):
    return imports.catalogue_import(actor=registrar, upload=upload)


def failed(registrar, upload) -> list:
    with pytest.raises(ImportFailed) as exc:
        run(registrar, upload)
    assert not Discipline.objects.exclude(code__startswith="OLD").exists(), "nothing is written when a row is bad"
    return exc.value.errors


def test_a_good_file_creates_every_discipline_with_prerequisites_from_the_same_file(registrar, department):
    result = run(
        registrar,
        xlsx(
            [
                row("FIN3102", prereqs="FIN2201"),  # names a discipline of a later row
                row("FIN2201"),
                row("PHE1107", control="Экзамен", cycle="ООД", component="ОК", pe="да", national=2),
                row("FIN4103", prereqs="FIN3102, FIN2201", control="емтихан", cycle="КП", component="ТК"),
            ]
        ),
    )
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert set(Discipline.objects.get(code="FIN4103").prerequisites.values_list("code", flat=True)) == {
        "FIN3102",
        "FIN2201",
    }
    pe = Discipline.objects.get(code="PHE1107")
    assert (pe.cycle, pe.component, pe.control_form, pe.is_physical_education, pe.national_credits) == (
        "OOD",
        "OK",
        "exam",
        True,
        2,
    )
    fin = Discipline.objects.get(code="FIN4103")
    assert (fin.cycle, fin.component) == ("PD", "KV")
    record = fin.history.get()
    assert record.history_user == registrar and record.history_type == "+"
    assert {r.to_discipline.code for r in record.prerequisites.all()} == {"FIN3102", "FIN2201"}


def test_an_updated_discipline_gets_one_history_entry_showing_what_changed(registrar, department):
    run(registrar, xlsx([row("FIN2201"), row("FIN3102")]))
    run(registrar, xlsx([row("FIN2201"), row("FIN3102", prereqs="FIN2201", names=("Қ", "Новое", "New"))]))
    from registrar.selectors import object_history

    entries = object_history(Discipline.objects.get(code="FIN3102"))
    assert len(entries) == 2 and entries[0]["user"] == registrar
    changed = {str(c["field"]) for c in entries[0]["changes"]}
    assert {"name (Russian)", "prerequisites"} <= changed


def test_existing_codes_are_updated_and_counted(registrar, department):
    DisciplineFactory(code="FIN2201", name_ru="Старое название", department=department)
    result = run(registrar, xlsx([row("FIN2201"), row("FIN3102", prereqs="FIN2201")]))
    assert (result.created, result.updated) == (1, 1)
    assert Discipline.objects.get(code="FIN2201").name_ru == "Финансы FIN2201"


def test_importing_the_same_file_again_changes_nothing(registrar, department):
    upload = [row("FIN2201"), row("FIN3102", prereqs="FIN2201")]
    run(registrar, xlsx(upload))
    history = Discipline.history.count()
    result = run(registrar, xlsx(upload))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Discipline.history.count() == history


def test_a_missing_column_is_named_and_nothing_is_written(registrar, department):
    header = [h for h in HEADER if h != "Cycle"]
    errors = failed(registrar, xlsx([row("FIN2201")[:12] + row("FIN2201")[13:]], header=header))
    assert len(errors) == 1 and errors[0].column == "Cycle" and errors[0].row == 1


def test_an_unknown_department_code_is_reported_with_its_row(registrar, department):
    errors = failed(registrar, xlsx([row("FIN2201"), row("FIN3102", dept="XX")]))
    assert [(e.row, e.column) for e in errors] == [(3, "Department code")]
    assert "XX" in errors[0].message


def test_a_wrong_cycle_or_component_or_control_form_is_reported(registrar, department):
    errors = failed(registrar, xlsx([row("A1", cycle="XYZ"), row("A2", component="ZZ"), row("A3", control="essay")]))
    assert [(e.row, e.column) for e in errors] == [(2, "Cycle"), (3, "Component"), (4, "Control form")]
    assert "XYZ" in errors[0].message and "OOD" in errors[0].message


def test_a_wrong_discipline_code_is_reported(registrar, department):
    errors = failed(registrar, xlsx([row("FIN 2201")]))
    assert errors[0].row == 2 and errors[0].column == "Code" and "FIN 2201" in errors[0].message


def test_a_duplicate_code_inside_the_file_names_both_rows(registrar, department):
    errors = failed(registrar, xlsx([row("FIN2201"), row("FIN3102"), row("FIN2201")]))
    assert [(e.row, e.column) for e in errors] == [(4, "Code")]
    assert "FIN2201" in errors[0].message and "2" in errors[0].message


def test_text_in_a_number_cell_is_reported(registrar, department):
    errors = failed(registrar, xlsx([row("FIN2201", credits="пять"), row("FIN3102", hours=(15, "30ч", 0, 35, 70))]))
    assert [(e.row, e.column) for e in errors] == [(2, "Credits (ECTS)"), (3, "Practice hours")]
    assert "пять" in errors[0].message


def test_hours_not_adding_up_show_both_numbers(registrar, department):
    errors = failed(registrar, xlsx([row("FIN2201", hours=(15, 30, 0, 35, 60))]))
    assert errors[0].row == 2 and "140" in errors[0].message and "150" in errors[0].message


def test_an_unknown_prerequisite_is_reported(registrar, department):
    errors = failed(registrar, xlsx([row("FIN3102", prereqs="FIN2201, NOPE1")]))
    assert len(errors) == 2 and all(e.row == 2 and e.column == "Prerequisites" for e in errors)


def test_a_prerequisite_cycle_in_the_file_is_named(registrar, department):
    errors = failed(registrar, xlsx([row("A1", prereqs="C1"), row("B1", prereqs="A1"), row("C1", prereqs="B1")]))
    assert len(errors) == 1 and "A1 → C1 → B1 → A1" in errors[0].message


def test_a_cycle_through_the_existing_catalogue_is_named(registrar, department):
    old = DisciplineFactory(code="OLD1", department=department)
    DisciplineFactory(code="OLD2", department=department, prerequisites=[old])
    errors = failed(registrar, xlsx([row("OLD1", prereqs="OLD2")]))
    assert "OLD1 → OLD2 → OLD1" in errors[0].message
    assert not Discipline.objects.get(code="OLD1").prerequisites.exists()


def test_a_discipline_cannot_be_its_own_prerequisite_in_the_file(registrar, department):
    errors = failed(registrar, xlsx([row("A1", prereqs="A1")]))
    assert "A1" in errors[0].message


def test_every_bad_row_is_listed_with_its_number(registrar, department):
    rows = [
        row("A1"),
        row("A2", dept="XX"),
        row("A3", credits="x"),
        row("A4", cycle="??"),
        row("A1"),
        row("A6", hours=(1, 1, 1, 1, 1)),
        row("A7", prereqs="ZZZ"),
    ]
    errors = failed(registrar, xlsx(rows))
    assert sorted({e.row for e in errors}) == [3, 4, 5, 6, 7, 8]


def test_an_empty_file_is_refused(registrar, department):
    errors = failed(registrar, SimpleUploadedFile("empty.xlsx", b""))
    assert errors[0].row is None and "empty" in errors[0].message


def test_a_sheet_without_rows_is_refused(registrar, department):
    assert failed(registrar, xlsx([]))[0].row is None
    assert failed(registrar, xlsx([], header=None))[0].row is None


def test_a_file_that_is_not_xlsx_is_refused(registrar, department):
    errors = failed(registrar, SimpleUploadedFile("catalogue.csv", "код;атауы\nA1;пән\n".encode()))
    assert "xlsx" in errors[0].message


def test_cycle_component_and_control_form_accept_codes_and_labels():
    assert imports.parse_choice("cycle", "ООД") == "OOD"
    assert imports.parse_choice("cycle", " бд ") == "BD"
    assert imports.parse_choice("cycle", "ПД") == "PD"
    assert imports.parse_choice("cycle", "ИА") == "IA"
    assert imports.parse_choice("cycle", "ia") == "IA"
    assert imports.parse_choice("component", "КВ") == "KV"
    assert imports.parse_choice("component", "ВК") == "VK"
    assert imports.parse_choice("component", "OK") == "OK"
    assert imports.parse_choice("control_form", "Зачёт") == "pass_fail"
    assert imports.parse_choice("control_form", "курсовая работа") == "coursework"
    assert imports.parse_choice("control_form", "exam") == "exam"
    assert imports.parse_choice("cycle", "что-то") is None


def test_the_template_has_every_column_and_its_examples_import(registrar, department):
    wb = load_workbook(BytesIO(imports.catalogue_template()))
    data = wb.worksheets[0]
    header = [c.value.rstrip(" *") for c in data[1]]
    assert header == HEADER
    assert wb.worksheets[1].max_row > 10  # the accepted values
    buffer = BytesIO()
    wb.save(buffer)
    result = run(registrar, SimpleUploadedFile("t.xlsx", buffer.getvalue()))
    assert result.created == 2


def test_the_exported_catalogue_imports_again_unchanged(registrar, department, client_for):
    a = DisciplineFactory(code="A1", department=department)
    DisciplineFactory(code="B1", department=department, prerequisites=[a], national_credits=3)
    response = client_for("registrar").get(reverse("discipline_list") + "?export=xlsx")
    result = run(registrar, SimpleUploadedFile("export.xlsx", response.content))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_the_import_page_lists_every_error_and_keeps_the_catalogue(client_for, department):
    client = client_for("registrar")
    response = client.post(reverse("discipline_import"), {"file": xlsx([row("A1", dept="XX"), row("A2", credits="x")])})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-errors"' in page and "XX" in page and "x" in page
    assert not Discipline.objects.exists()


def test_the_import_page_reports_counts(client_for, department):
    response = client_for("registrar").post(
        reverse("discipline_import"), {"file": xlsx([row("A1"), row("A2", prereqs="A1")])}, follow=True
    )
    page = response.content.decode()
    assert 'id="import-result"' in page
    assert Discipline.objects.count() == 2


def test_the_template_downloads(client_for, department):
    response = client_for("registrar").get(reverse("discipline_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_400_row_catalogue_imports_in_one_go(registrar, department):
    rows = [row(f"D{n:04d}", prereqs=f"D{n - 1:04d}" if n % 4 else "") for n in range(400)]
    result = run(registrar, xlsx(rows))
    assert result.created == 400
    assert Discipline.prerequisites.through.objects.count() == 300
    print(f"\n400-row catalogue import: {result.seconds:.2f} s")
