"""The demo structure: the plain data every curriculum is built from, and its seeder."""

import re
from collections import defaultdict

import pytest

from academics import demo_data as data
from academics.demo_structure import seed_structure
from academics.models import Department, Discipline, Faculty, Programme, Teacher
from academics.structure_rules import find_prerequisite_cycle, hours_error
from registrar.demo import DemoContext, seed_core

KAZAKH_LETTERS = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def _term_credits(spec):
    blocks = {code: (term, count, credits) for code, term, count, credits in spec["blocks"]}
    alternatives = defaultdict(list)
    terms = defaultdict(int)
    for code, term, block in spec["items"]:
        if block:
            alternatives[block].append(data.DISCIPLINES[code].credits)
        else:
            terms[term] += data.DISCIPLINES[code].credits
    for code, (term, count, credits) in blocks.items():
        terms[term] += credits if credits else count * min(alternatives[code])
    return dict(terms)


def test_there_are_three_faculties_and_at_least_eight_programmes():
    assert len(data.FACULTIES) == 3
    assert len(data.PROGRAMMES) >= 8 and set(data.PROGRAMMES) == set(data.PROGRAMME_INFO)
    assert all(re.fullmatch(r"[678][BMD]\d{5}", code) for code in data.PROGRAMMES)


@pytest.mark.parametrize("programme", sorted(data.PROGRAMMES))
def test_every_term_of_a_demo_curriculum_is_30_credits(programme):
    spec = data.PROGRAMMES[programme]
    terms = 4 if programme.startswith("7M") else 8
    assert _term_credits(spec) == dict.fromkeys(range(1, terms + 1), 30)


@pytest.mark.parametrize("programme", sorted(data.PROGRAMMES))
def test_every_prerequisite_is_placed_in_an_earlier_term_and_is_compulsory(programme):
    placed = {code: (term, block) for code, term, block in data.PROGRAMMES[programme]["items"]}
    assert len(placed) == len(data.PROGRAMMES[programme]["items"]), "no discipline twice"
    for code, (term, _block) in placed.items():
        for pre in data.DISCIPLINES[code].prerequisites:
            assert pre in placed and placed[pre][0] < term and placed[pre][1] is None, (code, pre)


@pytest.mark.parametrize("programme", sorted(data.PROGRAMMES))
def test_elective_blocks_have_two_or_three_equal_alternatives_in_their_term(programme):
    spec = data.PROGRAMMES[programme]
    members = defaultdict(list)
    for code, term, block in spec["items"]:
        if block:
            members[block].append((term, data.DISCIPLINES[code].credits))
    assert set(members) == {b[0] for b in spec["blocks"]}
    for code, term, count, credits in spec["blocks"]:
        assert (count is None) != (credits is None)
        assert 2 <= len(members[code]) <= 3
        assert {t for t, _c in members[code]} == {term} and len({c for _t, c in members[code]}) == 1


@pytest.mark.parametrize("programme", sorted(code for code in data.PROGRAMMES if code.startswith("6B")))
def test_a_bachelor_programme_has_about_forty_own_and_shared_disciplines(programme):
    assert 40 <= len(data.PROGRAMMES[programme]["items"]) <= 60


def test_the_catalogue_is_consistent():
    assert find_prerequisite_cycle({c: d.prerequisites for c, d in data.DISCIPLINES.items()}) is None
    departments = {code for code, *_rest in data.DEPARTMENTS}
    for d in data.DISCIPLINES.values():
        assert d.department in departments and d.credits >= 5
        assert hours_error(d.credits, data.discipline_hours(d.credits, d.kind), 30) is None
        assert all(name.strip() for name in (d.name_kk, d.name_ru, d.name_en))
    general = [d for d in data.DISCIPLINES.values() if d.cycle == "OOD"]
    assert any(d.kind == "pe" for d in general)
    kazakh = sum(bool(KAZAKH_LETTERS.search(d.name_kk)) for d in data.DISCIPLINES.values())
    assert kazakh > len(data.DISCIPLINES) / 2, "real Kazakh names use the Kazakh letters"


@pytest.mark.django_db
def test_the_seeder_builds_the_structure_and_a_second_run_changes_nothing(django_assert_max_num_queries):
    ctx = DemoContext(seed=2026, students=5, log=lambda m: None)
    seed_core(ctx)
    seed_structure(ctx)
    counts = [m.objects.count() for m in (Faculty, Department, Programme, Discipline, Teacher)]
    assert counts == [3, 12, len(data.PROGRAMMES), len(data.DISCIPLINES), 24]
    history = Discipline.history.count()
    with django_assert_max_num_queries(40):
        seed_structure(DemoContext(seed=2026, students=5, log=lambda m: None))
    assert [m.objects.count() for m in (Faculty, Department, Programme, Discipline, Teacher)] == counts
    assert Discipline.history.count() == history
    assert Teacher.objects.filter(user__username__in=["teacher", "teacher2", "adviser", "adviser2"]).count() == 4
    assert set(Teacher.objects.values_list("department__code", flat=True)) == {c for c, *_r in data.DEPARTMENTS}
    pe = Discipline.objects.get(code="PHE1107")
    assert pe.is_physical_education and pe.total_hours == pe.credits * 30
    algorithms = Discipline.objects.get(code="CSC2103")
    assert [p.code for p in algorithms.prerequisites.all()] == ["CSC1101"]
    record = algorithms.history.get()
    assert [r.to_discipline.code for r in record.prerequisites.all()] == ["CSC1101"]
