"""Demo curricula: for every programme of academics.demo_data, approved full-time curricula in Kazakh
and Russian for the current intake year and the three before it, with their elective blocks,
approved by the demo head of the registrar's office.

Deterministic (the content is demo_data's; approval dates are fixed per intake year) and idempotent
(a curriculum that exists for a programme, intake year, form and language is left as it is).
Written with bulk_create: the whole demo takes a few hundred inserts in a handful of queries.
"""

import datetime

from django.utils import timezone

from registrar.dates import academic_year_of

from . import curriculum_rules as rules
from . import demo_data
from .choices import CurriculumStatus, StudyForm
from .models import Curriculum, CurriculumItem, Discipline, ElectiveBlock, Programme
from .selectors_curricula import programme_limits

INTAKE_YEARS_BACK = 3
LANGUAGES = ("kk", "ru")

# Block names and descriptions per language of the curriculum (a block's name has one language).
_BLOCK_NAMES = {
    "OOD": {"kk": "Жалпы білім беретін элективті пәндер", "ru": "Элективные общеобразовательные дисциплины"},
    "BD": {"kk": "Базалық элективті пәндер", "ru": "Базовые элективные дисциплины"},
    "PD": {"kk": "Бейіндік элективті пәндер", "ru": "Профилирующие элективные дисциплины"},
}
_BLOCK_DESCRIPTIONS = {
    "kk": "Білім алушы жеке оқу жоспарын құрғанда осы топтан таңдайды; пән жеткілікті студент таңдаса ашылады.",
    "ru": "Обучающийся выбирает из этой группы при составлении ИУП; дисциплина открывается, "
    "если её выбрало достаточно студентов.",
}


def _approved_at(intake_year: int) -> datetime.datetime:
    """Curricula of an intake are approved in June before classes start."""
    return timezone.make_aware(datetime.datetime(intake_year, 6, 15, 10, 0))


def _check(programme, spec, disciplines) -> list[str]:
    items = [
        rules.ItemData(code, disciplines[code].credits, term, block, demo_data.DISCIPLINES[code].prerequisites)
        for code, term, block in spec["items"]
    ]
    blocks = [rules.BlockData(code, term, count, credits) for code, term, count, credits in spec["blocks"]]
    return [v.message for v in rules.check_curriculum(items, blocks, programme_limits(programme)).blocking]


def seed_curricula(ctx) -> None:
    from registrar.models import User

    head = User.objects.filter(username="head").first()
    if head is None:
        ctx.log("curricula: no demo head of the registrar's office; run the core seeder first")
        return
    codes = list(demo_data.PROGRAMMES)
    programmes = {p.code: p for p in Programme.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in programmes]
    if missing:
        ctx.log(f"curricula: programmes not seeded yet, skipped: {', '.join(missing)}")
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in=demo_data.DISCIPLINES)}
    this_year = academic_year_of(timezone.localdate())
    years = [this_year - back for back in range(INTAKE_YEARS_BACK + 1)]
    existing = set(
        Curriculum.objects.filter(
            programme__code__in=codes, intake_year__in=years, study_form=StudyForm.FULL_TIME
        ).values_list("programme__code", "intake_year", "language")
    )
    wanted = []
    for code, spec in demo_data.PROGRAMMES.items():
        programme = programmes.get(code)
        if programme is None:
            continue
        absent = [c for c, _t, _b in spec["items"] if c not in disciplines]
        if absent:
            ctx.log(f"curricula: {code} skipped, disciplines missing from the catalogue: {', '.join(absent[:5])}")
            continue
        problems = _check(programme, spec, disciplines)
        if problems:  # demo data must show approvable curricula; say so loudly instead of approving garbage
            ctx.log(f"curricula: {code} skipped, it breaks the rules: {'; '.join(problems[:3])}")
            continue
        for year in years:
            for language in LANGUAGES:
                if language in programme.languages and (code, year, language) not in existing:
                    wanted.append((programme, spec, year, language))
    curricula = Curriculum.objects.bulk_create(
        [
            Curriculum(
                programme=programme,
                intake_year=year,
                study_form=StudyForm.FULL_TIME,
                language=language,
                version=1,
                status=CurriculumStatus.APPROVED,
                approved_by=head,
                approved_at=_approved_at(year),
            )
            for programme, _spec, year, language in wanted
        ]
    )
    blocks = []
    for curriculum, (_p, spec, _y, language) in zip(curricula, wanted, strict=True):
        for code, term, count, credits in spec["blocks"]:
            cycle = code.split("-")[0]
            names = _BLOCK_NAMES.get(cycle, _BLOCK_NAMES["PD"])
            blocks.append(
                ElectiveBlock(
                    curriculum=curriculum,
                    code=code,
                    name=names[language],
                    description=_BLOCK_DESCRIPTIONS[language],
                    term=term,
                    choose_count=count,
                    choose_credits=credits,
                )
            )
    blocks = ElectiveBlock.objects.bulk_create(blocks, batch_size=1000)
    by_key = {(b.curriculum_id, b.code): b for b in blocks}
    items = [
        CurriculumItem(
            curriculum=curriculum,
            discipline=disciplines[code],
            term=term,
            block=by_key[(curriculum.pk, block)] if block else None,
        )
        for curriculum, (_p, spec, _y, _l) in zip(curricula, wanted, strict=True)
        for code, term, block in spec["items"]
    ]
    CurriculumItem.objects.bulk_create(items, batch_size=1000)
    ctx.log(
        f"curricula: {len(curricula)} approved ({len(blocks)} elective blocks, {len(items)} items); "
        f"intake years {years[-1]}–{years[0]}"
    )
