"""Reads of curricula used by the editor, the exports, the approval service and the elective
catalogue; each runs a fixed number of queries whatever the curriculum's size."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import pgettext_lazy

from registrar.selectors import university_settings

from . import curriculum_rules as rules
from .choices import CurriculumStatus
from .models import Curriculum, CurriculumItem, Discipline, ElectiveBlock, Programme

# Abbreviations of cycles and components as printed in curricula; translated (ООД is ЖБП in Kazakh).
CYCLE_ABBR = {
    "OOD": pgettext_lazy("cycle abbreviation", "ООД"),
    "BD": pgettext_lazy("cycle abbreviation", "БД"),
    "PD": pgettext_lazy("cycle abbreviation", "ПД"),
    "IA": pgettext_lazy("cycle abbreviation", "ИА"),
}
COMPONENT_ABBR = {
    "OK": pgettext_lazy("component abbreviation", "ОК"),
    "VK": pgettext_lazy("component abbreviation", "ВК"),
    "KV": pgettext_lazy("component abbreviation", "КВ"),
}


def programme_limits(programme: Programme, *, settings=None) -> rules.Limits:
    s = settings or university_settings()
    return rules.Limits(
        discipline_min_credits=s.discipline_min_credits,
        term_typical_credits=s.term_typical_credits,
        programme_min_credits=rules.programme_min_credits(
            level=programme.level,
            master_track=programme.master_track,
            extended=programme.extended,
            duration_years=programme.duration_years,
            settings=s,
        ),
        terms_count=programme.terms_count,
        programme_total_credits=programme.total_credits,
    )


def curriculum_items(curriculum: Curriculum) -> list[CurriculumItem]:
    """Items with their discipline (department for exports) and the codes of its prerequisites: 2 queries."""
    return list(
        CurriculumItem.objects.filter(curriculum=curriculum)
        .select_related("discipline__department", "block")
        .prefetch_related(
            Prefetch("discipline__prerequisites", queryset=Discipline.objects.only("id", "code").order_by("code"))
        )
        .order_by("term", "discipline__code")
    )


def curriculum_blocks(curriculum: Curriculum) -> list[ElectiveBlock]:
    return list(ElectiveBlock.objects.filter(curriculum=curriculum).order_by("term", "code"))


def rule_data(items, blocks) -> tuple[list[rules.ItemData], list[rules.BlockData]]:
    block_codes = {b.pk: b.code for b in blocks}
    item_data = [
        rules.ItemData(
            code=i.discipline.code,
            credits=i.discipline.credits,
            term=i.term,
            block=block_codes.get(i.block_id),
            prerequisites=tuple(p.code for p in i.discipline.prerequisites.all()),
        )
        for i in items
    ]
    block_data = [
        rules.BlockData(code=b.code, term=b.term, choose_count=b.choose_count, choose_credits=b.choose_credits)
        for b in blocks
    ]
    return item_data, block_data


def curriculum_check(curriculum: Curriculum, *, items=None, blocks=None) -> rules.CheckResult:
    items = curriculum_items(curriculum) if items is None else items
    blocks = curriculum_blocks(curriculum) if blocks is None else blocks
    item_data, block_data = rule_data(items, blocks)
    return rules.check_curriculum(item_data, block_data, programme_limits(curriculum.programme))


@dataclass
class BlockView:
    block: ElectiveBlock
    items: list[CurriculumItem]
    credits: int  # what the block counts for in the totals
    violations: list[rules.Violation] = field(default_factory=list)


@dataclass
class TermView:
    number: int
    items: list[CurriculumItem]  # compulsory (outside any block)
    blocks: list[BlockView]
    total: int
    violations: list[rules.Violation]

    @property
    def warning(self) -> bool:
        return any(v.code == rules.TERM_LOAD for v in self.violations)


@dataclass
class YearView:
    number: int
    terms: list[TermView]
    total: int


@dataclass
class CurriculumLayout:
    """Everything the editor, the xlsx and the PDF show: terms grouped in years, totals, violations."""

    curriculum: Curriculum
    years: list[YearView]
    check: rules.CheckResult
    limits: rules.Limits
    items: list[CurriculumItem]
    blocks: list[ElectiveBlock]

    @property
    def terms(self) -> list[TermView]:
        return [t for y in self.years for t in y.terms]

    @property
    def total(self) -> int:
        return self.check.totals.programme


def curriculum_layout(curriculum: Curriculum) -> CurriculumLayout:
    items = curriculum_items(curriculum)
    blocks = curriculum_blocks(curriculum)
    limits = programme_limits(curriculum.programme)
    item_data, block_data = rule_data(items, blocks)
    check = rules.check_curriculum(item_data, block_data, limits)
    totals = check.totals
    by_block: dict[int, list[CurriculumItem]] = {b.pk: [] for b in blocks}
    compulsory: dict[int, list[CurriculumItem]] = {}
    problems: dict[str, list[rules.Violation]] = {}
    for v in check.violations:
        if v.discipline:
            problems.setdefault(v.discipline, []).append(v)
    for item in items:
        d = item.discipline
        d.cycle_abbr = str(CYCLE_ABBR.get(d.cycle, d.cycle))
        d.component_abbr = str(COMPONENT_ABBR.get(d.component, d.component))
        item.problems = problems.get(d.code, [])
        if item.block_id in by_block:
            by_block[item.block_id].append(item)
        else:
            compulsory.setdefault(item.term, []).append(item)
    years: dict[int, YearView] = {}
    for number, total in totals.terms.items():
        term_blocks = [
            BlockView(
                block=b,
                items=by_block[b.pk],
                credits=totals.blocks.get(b.code, 0),
                violations=[v for v in check.violations if v.block == b.code and v.discipline is None],
            )
            for b in blocks
            if b.term == number
        ]
        term = TermView(
            number=number,
            items=compulsory.get(number, []),
            blocks=term_blocks,
            total=total,
            violations=check.for_term(number),
        )
        year = rules.year_of_term(number)
        years.setdefault(year, YearView(number=year, terms=[], total=totals.years.get(year, 0))).terms.append(term)
    return CurriculumLayout(
        curriculum=curriculum,
        years=list(years.values()),
        check=check,
        limits=limits,
        items=items,
        blocks=blocks,
    )


def word_variants(word: str) -> set[str]:
    """Spellings of a search word to try: SQLite (the embedded default) compares case-insensitively only
    ASCII letters, so "алгеб" would miss "Алгебра" there; PostgreSQL needs only the word itself."""
    return {word, word.lower(), word.capitalize(), word.upper()}


def matches_any(fields: list[str], word: str) -> Q:
    condition = Q()
    for variant in word_variants(word):
        for name in fields:
            condition |= Q(**{f"{name}__icontains": variant})
    return condition


DISCIPLINE_SEARCH_FIELDS = ["code", "name_kk", "name_ru", "name_en"]


def discipline_search(curriculum: Curriculum, query: str, *, limit: int = 15) -> list[Discipline]:
    """Active catalogue disciplines matching every word of `query` in code or any language's name,
    excluding those already in the curriculum."""
    words = query.split()
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= matches_any(DISCIPLINE_SEARCH_FIELDS, word)
    return list(
        Discipline.objects.filter(condition, is_active=True)
        .exclude(curriculum_items__curriculum=curriculum)
        .order_by("code")[:limit]
    )


def curriculum_versions(curriculum: Curriculum) -> list[Curriculum]:
    """All versions for the same programme, intake year, form and language, newest first."""
    return list(
        Curriculum.objects.filter(
            programme_id=curriculum.programme_id,
            intake_year=curriculum.intake_year,
            study_form=curriculum.study_form,
            language=curriculum.language,
        )
        .select_related("approved_by")
        .order_by("-version")
    )


def elective_catalogue_blocks():
    """Elective blocks of approved curricula with their alternatives (for the КЭД list): 4 queries a page."""
    alternatives = (
        CurriculumItem.objects.select_related("discipline")
        .prefetch_related(
            Prefetch("discipline__prerequisites", queryset=Discipline.objects.only("id", "code").order_by("code"))
        )
        .order_by("discipline__code")
    )
    return (
        ElectiveBlock.objects.filter(curriculum__status=CurriculumStatus.APPROVED)
        .select_related("curriculum__programme")
        .prefetch_related(Prefetch("items", queryset=alternatives))
    )
