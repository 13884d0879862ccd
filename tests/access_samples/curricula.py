"""Samples for the curriculum URLs with arguments: {url_name: (factory(users) -> kwargs, {roles allowed})}.

POST-only views answer 405 to GET; the matrix then POSTs empty data, which must change nothing:
removals and deletions need confirm=1, adding and moving need a discipline or a term, approving
a sample draft with no disciplines is refused by the rules.
"""

OFFICE = {"registrar", "registrar_head", "administrator"}
VIEW = OFFICE | {"dean_office", "adviser", "another_adviser", "teacher", "another_teacher"}
APPROVE = {"registrar_head", "administrator"}


def _draft(users):
    from tests.academics.factories_curricula import CurriculumFactory

    return CurriculumFactory()


def _approved(users):
    from django.utils import timezone

    from tests.academics.factories_curricula import CurriculumFactory

    return CurriculumFactory(status="approved", approved_by=users["registrar_head"], approved_at=timezone.now())


def _curriculum(users):
    return {"pk": _draft(users).pk}


def _approved_curriculum(users):
    return {"pk": _approved(users).pk}


def _item(users):
    from tests.academics.factories_curricula import CurriculumItemFactory

    return {"pk": CurriculumItemFactory(curriculum=_draft(users)).pk}


def _block(users):
    from tests.academics.factories_curricula import ElectiveBlockFactory

    return {"pk": ElectiveBlockFactory(curriculum=_draft(users)).pk}


SAMPLES = {
    "curriculum_detail": (_curriculum, VIEW),
    "curriculum_export_xlsx": (_curriculum, VIEW),
    "curriculum_export_pdf": (_curriculum, VIEW),
    "curriculum_item_add": (_curriculum, OFFICE),
    "curriculum_discipline_search": (_curriculum, OFFICE),
    "curriculum_block_create": (_curriculum, OFFICE),
    "curriculum_approve": (_curriculum, APPROVE),
    "curriculum_new_version": (_approved_curriculum, OFFICE),
    "curriculum_delete": (_curriculum, OFFICE),
    "curriculum_item_move": (_item, OFFICE),
    "curriculum_item_remove": (_item, OFFICE),
    "curriculum_block_edit": (_block, OFFICE),
    "curriculum_block_delete": (_block, OFFICE),
}

EXTRA = [
    # An approved curriculum is readable by everyone who reads curricula, its export too.
    ("curriculum_detail", _approved_curriculum, VIEW),
    ("curriculum_export_pdf", _approved_curriculum, VIEW),
]
