"""Import of the discipline catalogue from xlsx (DESIGN.md: validate every row, list every
error with its row number, then apply all or nothing).

Cycle, component and control form are accepted by code (OOD, OK, exam) or by their label in
Kazakh, Russian or English (ООД / ЖБП, ОК / МК, экзамен / емтихан ...). Prerequisites are codes
separated by commas; they may name disciplines of the same file. Existing codes are updated,
new ones created; unchanged rows are left alone (no empty entries in the history).
"""

import time
from dataclasses import dataclass, field
from io import BytesIO

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Font

from registrar.policy import require
from registrar.xlsx_import import Column, ImportFailed, Row, Sheet, read_sheet, template_workbook

from . import structure_rules as rules
from .choices import Component, ControlForm, Cycle
from .models import Department, Discipline
from .services.structure import MANAGE, prerequisite_graph, prerequisite_history_snapshot, settings_limits

__all__ = ["ImportFailed", "catalogue_columns", "catalogue_import", "catalogue_template", "parse_choice"]

LANGUAGES = ("kk", "ru", "en")
Through = Discipline.prerequisites.through

# Short names used in Kazakh and Russian documents besides the codes and the full labels.
SYNONYMS = {
    "cycle": {
        Cycle.GENERAL: ("ООД", "ЖБП", "GE", "общеобразовательные дисциплины", "жалпы білім беретін пәндер"),
        Cycle.BASIC: ("БД", "БП", "базовые дисциплины", "базалық пәндер", "basic disciplines", "basic"),
        Cycle.PROFILE: ("ПД", "КП", "профилирующие дисциплины", "кәсіптендіру пәндері", "profile disciplines"),
        Cycle.FINAL_ATTESTATION: ("ИА", "ҚА", "итоговая аттестация", "қорытынды аттестаттау", "final attestation"),
    },
    "component": {
        Component.COMPULSORY: ("ОК", "МК", "обязательный компонент", "міндетті компонент", "compulsory"),
        Component.UNIVERSITY: ("ВК", "ЖК", "ЖООК", "вузовский компонент", "компонент вуза", "ЖОО компоненті"),
        Component.ELECTIVE: ("КВ", "ТК", "компонент по выбору", "таңдау компоненті", "elective"),
    },
    "control_form": {
        ControlForm.EXAM: ("экзамен", "емтихан"),
        ControlForm.COURSEWORK: ("курсовая работа", "курстық жұмыс", "course work"),
        ControlForm.PRACTICE: ("практика", "отчёт по практике"),
        ControlForm.PASS_FAIL: ("зачёт", "зачет", "сынақ", "pass/fail", "pass-fail"),
        ControlForm.FINAL_ATTESTATION: ("итоговая аттестация", "қорытынды аттестаттау"),
    },
}
_CHOICES = {"cycle": Cycle, "component": Component, "control_form": ControlForm}


def _norm(text) -> str:
    return " ".join(str(text or "").strip().lower().replace("ё", "е").split())


def _lookup(kind: str) -> dict[str, str]:
    """Every accepted spelling of the values of `kind` -> the stored value."""
    table = {}
    for value, words in SYNONYMS[kind].items():
        for w in words:
            table[_norm(w)] = value
    for choice in _CHOICES[kind]:
        table[_norm(choice.value)] = choice.value
        for lang in LANGUAGES:
            with translation.override(lang):
                table[_norm(choice.label)] = choice.value
    return table


def parse_choice(kind: str, text) -> str | None:
    """The stored value of a cycle / component / control form written by code or label; None if unknown."""
    return _lookup(kind).get(_norm(text))


def _col(key, header, **kwargs) -> Column:
    """A column whose header is accepted in any of the three interface languages."""
    aliases = []
    for lang in LANGUAGES:
        with translation.override(lang):
            aliases.append(str(header))
    return Column(key, header, aliases=tuple(aliases), **kwargs)


def catalogue_columns() -> list[Column]:
    return [
        _col("code", gettext_lazy("Code")),
        _col("name_kk", gettext_lazy("Name (Kazakh)")),
        _col("name_ru", gettext_lazy("Name (Russian)")),
        _col("name_en", gettext_lazy("Name (English)")),
        _col("credits", gettext_lazy("Credits (ECTS)"), kind="int"),
        _col("national_credits", gettext_lazy("National credits"), kind="int", required=False),
        _col("hours_lecture", gettext_lazy("Lecture hours"), kind="int"),
        _col("hours_practice", gettext_lazy("Practice hours"), kind="int"),
        _col("hours_lab", gettext_lazy("Lab hours"), kind="int"),
        _col("hours_self_with_teacher", gettext_lazy("Self-study with teacher, hours"), kind="int"),
        _col("hours_self", gettext_lazy("Self-study, hours"), kind="int"),
        _col("control_form", gettext_lazy("Control form")),
        _col("cycle", gettext_lazy("Cycle")),
        _col("component", gettext_lazy("Component")),
        _col("department", gettext_lazy("Department code")),
        _col("prerequisites", gettext_lazy("Prerequisites"), required=False),
        _col("is_physical_education", gettext_lazy("Physical education"), kind="bool", required=False),
    ]


def catalogue_template() -> bytes:
    """The template: header, two example rows, and a second sheet listing the accepted values."""
    columns = catalogue_columns()
    department = Department.objects.order_by("code").values_list("code", flat=True).first() or "IS"
    examples = [
        ["HMK1101", "Қазақстанның қазіргі заман тарихы", "Современная история Казахстана",
         "Modern History of Kazakhstan", 5, None, 15, 30, 0, 35, 70, "экзамен", "ООД", "ОК", department, "", "нет"],
        ["PHL2111", "Философия", "Философия", "Philosophy", 5, None, 15, 30, 0, 35, 70,
         "exam", "OOD", "OK", department, "HMK1101", "no"],
    ]  # fmt: skip
    wb = load_workbook(BytesIO(template_workbook(columns, examples)))
    ws = wb.create_sheet(_("Accepted values"))
    ws.append([_("Column"), _("Code"), _("Accepted spellings")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for kind, header in (("cycle", _("Cycle")), ("component", _("Component")), ("control_form", _("Control form"))):
        for choice in _CHOICES[kind]:
            spellings = sorted({w for w, v in _lookup(kind).items() if v == choice.value})
            ws.append([header, choice.value, "; ".join(spellings)])
    for code, kk, ru in Department.objects.order_by("code").values_list("code", "name_kk", "name_ru"):
        ws.append([_("Department code"), code, f"{ru} / {kk}"])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["C"].width = 90
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Parsed:
    row: Row
    values: dict  # model field values
    prerequisites: list[str]


def catalogue_import(*, actor, upload) -> ImportResult:
    """Create or update the disciplines of the file: all of them or none.

    Raises ImportFailed listing every problem of every row (file-level problems first).
    """
    require(actor, MANAGE)
    started = time.monotonic()
    sheet = read_sheet(upload, catalogue_columns())
    limits = settings_limits()
    parsed = _validate(sheet, limits)
    if sheet.errors:
        raise ImportFailed(sorted(sheet.errors, key=lambda e: e.row or 0))
    result = ImportResult()
    for p in parsed:
        warning = rules.credits_warning(p.values["credits"], limits["discipline_min_credits"])
        if warning:
            result.warnings.append(_("row %(n)s") % {"n": p.row.number} + f", {p.values['code']}: {warning}")
    with transaction.atomic():
        _apply(parsed, actor, result)
    result.seconds = time.monotonic() - started
    return result


def _validate(sheet: Sheet, limits: dict) -> list[_Parsed]:
    columns = {c.key: c for c in catalogue_columns()}
    departments = dict(Department.objects.values_list("code", "pk"))
    lookups = {kind: _lookup(kind) for kind in _CHOICES}
    codes_in_db, db_graph = prerequisite_graph()
    pk_by_code = {code: pk for pk, code in codes_in_db.items()}
    first_row: dict[str, int] = {}
    parsed: list[_Parsed] = []
    for row in sheet.rows:
        v = dict(row.values)
        ok = True
        code = v.get("code") or ""
        if code:
            error = rules.discipline_code_error(code)
            if error:
                sheet.error(row, columns["code"], error)
                ok = False
            elif code in first_row:
                sheet.error(
                    row,
                    columns["code"],
                    _("the code %(code)s is already in row %(n)s") % {"code": code, "n": first_row[code]},
                )
                ok = False
            else:
                first_row[code] = row.number
        for key in ("credits", "national_credits", *rules.HOURS_FIELDS):
            if v.get(key) is not None and v[key] < (1 if key == "credits" else 0):
                sheet.error(row, columns[key], _("the number cannot be %(value)s") % {"value": v[key]})
                ok = False
        for kind in _CHOICES:
            text = v.get(kind)
            if text is None:
                continue
            value = lookups[kind].get(_norm(text))
            if value is None:
                sheet.error(
                    row,
                    columns[kind],
                    _("unknown value “%(value)s”; accepted: %(accepted)s")
                    % {"value": text, "accepted": ", ".join(c.value for c in _CHOICES[kind])},
                )
                ok = False
            v[kind] = value
        dept = v.pop("department", None)
        if dept is not None:
            if dept not in departments:
                sheet.error(row, columns["department"], _("no department has the code “%(code)s”") % {"code": dept})
                ok = False
            v["department_id"] = departments.get(dept)
        hours_known = all(v.get(k) is not None for k in ("credits", *rules.HOURS_FIELDS))
        if hours_known and v["credits"] >= 1:
            error = rules.hours_error(v["credits"], v, limits["hours_per_credit"])
            if error:
                sheet.error(row, _("hours"), error)
                ok = False
        prereqs = rules.split_codes(v.pop("prerequisites", None))
        v["is_physical_education"] = bool(v.get("is_physical_education"))
        for name in ("name_kk", "name_ru", "name_en"):
            if v.get(name) and len(v[name]) > 255:
                sheet.error(row, columns[name], _("the name is longer than 255 characters"))
                ok = False
        if any(v.get(k) is None for k in ("code", "name_kk", "name_ru", "name_en", "credits")):
            ok = False
        if ok:
            parsed.append(_Parsed(row, v, prereqs))
    _validate_prerequisites(sheet, parsed, columns["prerequisites"], first_row, pk_by_code, db_graph, codes_in_db)
    return parsed


def _validate_prerequisites(sheet, parsed, column, first_row, pk_by_code, db_graph, codes_in_db) -> None:
    """Every prerequisite exists (in the catalogue or the file), none is the discipline itself,
    and the catalogue after the import has no prerequisite cycle (each cycle is named once)."""
    graph = {codes_in_db[pk]: {codes_in_db[d] for d in deps} for pk, deps in db_graph.items()}
    for p in parsed:
        code = p.values["code"]
        deps = set()
        for pre in p.prerequisites:
            if pre == code:
                sheet.error(p.row, column, _("a discipline cannot be its own prerequisite (%(code)s)") % {"code": code})
            elif pre not in first_row and pre not in pk_by_code:
                sheet.error(p.row, column, _("no discipline has the code “%(code)s”") % {"code": pre})
            else:
                deps.add(pre)
        graph[code] = deps
    row_of = {p.values["code"]: p.row for p in parsed}
    reported = 0
    while reported < 20:
        cycle = rules.find_prerequisite_cycle(graph)
        if cycle is None:
            break
        row = next((row_of[c] for c in cycle if c in row_of), None)
        sheet.error(row, column, rules.cycle_message(cycle))
        graph[cycle[0]].discard(cycle[1])  # break this cycle and look for another
        reported += 1


def _apply(parsed: list[_Parsed], actor, result: ImportResult) -> None:
    """Write the rows in bulk: a constant number of queries whatever the size of the file.

    Each created or changed discipline gets one history entry by the actor with its final state,
    prerequisites included (instead of one entry per save and per prerequisite change).
    """
    existing = {d.code: d for d in Discipline.objects.filter(code__in=[p.values["code"] for p in parsed])}
    current: dict[int, set[str]] = {}
    for src, code in Through.objects.filter(from_discipline__in=existing.values()).values_list(
        "from_discipline_id", "to_discipline__code"
    ):
        current.setdefault(src, set()).add(code)
    new, changed, prereqs_changed, fields = [], [], set(), set()
    for p in parsed:
        code = p.values["code"]
        obj = existing.get(code)
        if obj is None:
            new.append(Discipline(**p.values))
            prereqs_changed.add(code)
            continue
        fields_changed = [k for k, value in p.values.items() if getattr(obj, k) != value]
        for k in fields_changed:
            setattr(obj, k, p.values[k])
        fields.update(fields_changed)
        if current.get(obj.pk, set()) != set(p.prerequisites):
            prereqs_changed.add(code)
        if fields_changed or code in prereqs_changed:
            changed.append(obj)
        else:
            result.unchanged += 1
    Discipline.objects.bulk_create(new, batch_size=500)
    if fields:
        # Only the columns that changed, in small batches: bulk_update writes one CASE per column.
        Discipline.objects.bulk_update(changed, fields=sorted(fields), batch_size=100)
    result.created, result.updated = len(new), len(changed)
    needed = prereqs_changed | {c for p in parsed if p.values["code"] in prereqs_changed for c in p.prerequisites}
    pk_of = dict(Discipline.objects.filter(code__in=needed).values_list("code", "pk"))
    Through.objects.filter(from_discipline_id__in=[pk_of[c] for c in prereqs_changed]).delete()
    Through.objects.bulk_create(
        [
            Through(from_discipline_id=pk_of[p.values["code"]], to_discipline_id=pk_of[c])
            for p in parsed
            if p.values["code"] in prereqs_changed
            for c in p.prerequisites
        ],
        batch_size=1000,
    )
    # bulk_create may not give primary keys back on every database: read them by code.
    fresh = {d.code: d for d in Discipline.objects.filter(code__in=[o.code for o in new])}
    records = Discipline.history.bulk_history_create([fresh[o.code] for o in new], default_user=actor)
    records += Discipline.history.bulk_history_create(changed, update=True, default_user=actor)
    prerequisite_history_snapshot(records)
