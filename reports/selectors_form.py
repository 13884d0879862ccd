"""The annual statistical form on higher-education students (3-НК layout): rows by level, group of
programmes and year of study, columns by study form, funding, sex and language, as of a date (the
form is taken on 1 October of the academic year).

The form is a printed state form, bilingual whatever the interface language: its headings are fixed
Kazakh and Russian texts (like a blank's printed wording), not interface strings, and are kept here.

Group of programmes: the classifier's direction, the first five characters of the programme code
(6B061 for 6B06101, 6B06102...): the programme table keeps no other classifier. The counting is the
student-body cube (`selectors_body.body_cube`), the same query as the student-body report.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from academics.models import Programme
from enrollment.choices import StudentStatus
from enrollment.selectors import IN_BODY
from registrar.dates import academic_year_of

from .selectors_body import HOME_COUNTRY, body_cube

FORM_CODE = "3-НК"
TITLE = {
    "kk": "Жоғары білім беру ұйымдарындағы білім алушылардың контингенті туралы есеп (3-НК нысаны)",
    "ru": "Отчёт о контингенте обучающихся организаций высшего образования (форма 3-НК)",
}
AS_OF = {"kk": "жағдай бойынша", "ru": "по состоянию на"}
LEVELS = {
    "bachelor": {"kk": "Бакалавриат", "ru": "Бакалавриат"},
    "master": {"kk": "Магистратура", "ru": "Магистратура"},
    "doctorate": {"kk": "Докторантура", "ru": "Докторантура"},
}
ROW_HEAD = [
    ("group", {"kk": "Білім беру бағдарламаларының тобы", "ru": "Группа образовательных программ"}),
    ("year", {"kk": "Курс", "ru": "Курс"}),
]
# (key, {kk, ru}): the keys are those `_cell_keys` gives a cube line.
COLUMNS = [
    ("total", {"kk": "Барлығы", "ru": "Всего"}),
    ("women", {"kk": "оның ішінде әйелдер", "ru": "из них женщины"}),
    ("form:full_time", {"kk": "күндізгі", "ru": "очная"}),
    ("form:distance", {"kk": "қашықтықтан", "ru": "дистанционная"}),
    ("funding:grant", {"kk": "мемлекеттік грант", "ru": "государственный грант"}),
    ("funding:paid", {"kk": "ақылы негізде", "ru": "на платной основе"}),
    ("funding:other", {"kk": "басқа көздер", "ru": "другие источники"}),
    ("language:kk", {"kk": "қазақ тілінде", "ru": "на казахском языке"}),
    ("language:ru", {"kk": "орыс тілінде", "ru": "на русском языке"}),
    ("language:en", {"kk": "ағылшын тілінде", "ru": "на английском языке"}),
    ("foreign", {"kk": "шетел азаматтары", "ru": "иностранные граждане"}),
    ("on_leave", {"kk": "академиялық демалыстағылар", "ru": "в академическом отпуске"}),
]
COLUMN_GROUPS = [
    ("", 2),
    ({"kk": "Оқу нысаны", "ru": "Форма обучения"}, 2),
    ({"kk": "Қаржыландыру", "ru": "Финансирование"}, 3),
    ({"kk": "Оқыту тілі", "ru": "Язык обучения"}, 3),
    ("", 2),
]
TOTAL = {"kk": "Барлығы", "ru": "Итого"}
SUBTOTAL = {"kk": "Барлығы", "ru": "Итого"}
SIGNATURES = [
    {"kk": "Тіркеу офисінің басшысы", "ru": "Руководитель офиса регистратора"},
    {"kk": "Орындаушы", "ru": "Исполнитель"},
]


def bilingual(text: dict) -> str:
    return f"{text['kk']} / {text['ru']}" if text["kk"] != text["ru"] else text["ru"]


def form_date(start_year: int) -> datetime.date:
    """The form is taken on 1 October of the academic year."""
    return datetime.date(start_year, 10, 1)


def default_form_date(today: datetime.date) -> datetime.date:
    on = form_date(academic_year_of(today))
    return on if on <= today else form_date(academic_year_of(today) - 1)


def _cell_keys(line: dict) -> list[str]:
    keys = ["total", f"form:{line['study_form']}", f"funding:{line['funding']}", f"language:{line['language']}"]
    if line["sex"] == "F":
        keys.append("women")
    if (line["citizenship"] or HOME_COUNTRY) != HOME_COUNTRY:
        keys.append("foreign")
    if line["status"] == StudentStatus.ON_LEAVE:
        keys.append("on_leave")
    return keys


@dataclass
class FormLine:
    kind: str  # "row", "group" (subtotal of a group of programmes), "level", "total"
    label: dict  # {kk, ru}
    year: int | None = None
    code: str = ""
    values: Counter = field(default_factory=Counter)

    def cells(self) -> list[int]:
        return [self.values.get(key, 0) for key, _label in COLUMNS]


@dataclass
class StatForm:
    on: datetime.date
    lines: list[FormLine]
    total: FormLine

    @property
    def rows(self) -> list[FormLine]:
        return [line for line in self.lines if line.kind == "row"]


def stat_form(on: datetime.date, *, faculty_ids=None, **filters) -> StatForm:
    """The form's table on `on`: two queries (the cube and the programmes)."""
    cube = body_cube(on, status=IN_BODY, faculty_ids=faculty_ids, **filters)
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in={c["programme_id"] for c in cube})}
    counts: dict[tuple, Counter] = defaultdict(Counter)
    names: dict[tuple, set] = defaultdict(set)
    for line in cube:
        programme = programmes.get(line["programme_id"])
        level = programme.level if programme else "bachelor"
        group = programme.code[:5] if programme else "?"
        for key in _cell_keys(line):
            counts[(level, group, line["year"] or 0)][key] += line["n"]
        if programme:
            names[(level, group)].add(programme.code)
    order = list(LEVELS)
    lines: list[FormLine] = []
    total = FormLine("total", TOTAL)
    for level in sorted({k[0] for k in counts}, key=lambda v: order.index(v) if v in order else 99):
        level_line = FormLine(
            "level", {lang: f"{SUBTOTAL[lang]}: {LEVELS.get(level, {lang: level})[lang]}" for lang in ("kk", "ru")}
        )
        for group in sorted({k[1] for k in counts if k[0] == level}):
            codes = ", ".join(sorted(names[(level, group)]))
            group_line = FormLine(
                "group", {"kk": f"{SUBTOTAL['kk']}: {group}", "ru": f"{SUBTOTAL['ru']}: {group}"}, code=group
            )
            for year in sorted(y for (lv, g, y) in counts if lv == level and g == group):
                values = counts[(level, group, year)]
                lines.append(FormLine("row", {"kk": codes, "ru": codes}, year=year, code=group, values=Counter(values)))
                group_line.values.update(values)
            lines.append(group_line)
            level_line.values.update(group_line.values)
        lines.append(level_line)
        total.values.update(level_line.values)
    return StatForm(on=on, lines=lines, total=total)
