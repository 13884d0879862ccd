"""State changes of curricula and their elective blocks (RULES.md §5).

A draft is edited freely by the registrar's office; the head approves it when no blocking rule
is violated (academics.curriculum_rules); an approved curriculum is never changed again: a change
is a new draft version copied from it, and approving that version supersedes the old one.

Every mutating service locks the curriculum row first (select_for_update), so two registrars
editing the same draft are serialised: the second one sees the first one's change, and the
immutability check is made on the row as it is now, not as it was when the page was loaded.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from registrar.errors import DomainError
from registrar.policy import require

from ..choices import CurriculumStatus, Language, StudyForm
from ..models import Curriculum, CurriculumItem, Discipline, ElectiveBlock, Programme
from ..selectors_curricula import curriculum_check

MANAGE = "academics.manage"
APPROVE = "curriculum.approve"


def lock_draft(curriculum: Curriculum) -> Curriculum:
    """The curriculum row, locked until the transaction ends; refuses unless it is a draft."""
    # of=("self",): lock the curriculum row only, not the programme joined for terms_count.
    locked = Curriculum.objects.select_for_update(of=("self",)).select_related("programme").get(pk=curriculum.pk)
    if not locked.is_editable:
        raise DomainError(
            _(
                "Curriculum %(curriculum)s is %(status)s and cannot be changed; "
                "create a new version from it to make changes."
            )
            % {"curriculum": locked, "status": locked.get_status_display()}
        )
    return locked


def _check_term(curriculum: Curriculum, term, *, field: str = "term") -> int:
    count = curriculum.programme.terms_count
    try:
        term = int(term)
    except (TypeError, ValueError):
        raise DomainError(_("The term must be a number from 1 to %(count)s.") % {"count": count}, field=field) from None
    if not 1 <= term <= count:
        raise DomainError(
            _("Term %(term)s does not exist: the programme has terms 1 to %(count)s.") % {"term": term, "count": count},
            field=field,
        )
    return term


def _combination(curriculum_or_kwargs) -> dict:
    c = curriculum_or_kwargs
    return {
        "programme_id": c.programme_id,
        "intake_year": c.intake_year,
        "study_form": c.study_form,
        "language": c.language,
    }


def _existing_draft(**combination) -> Curriculum | None:
    return Curriculum.objects.filter(status=CurriculumStatus.DRAFT, **combination).first()


def _draft_exists_error(draft: Curriculum) -> DomainError:
    return DomainError(
        _("A draft of this curriculum already exists (version %(version)s); open it instead of creating another.")
        % {"version": draft.version}
    )


def _next_version(**combination) -> int:
    return (Curriculum.objects.filter(**combination).aggregate(m=Max("version"))["m"] or 0) + 1


def curriculum_create(*, actor, programme: Programme, intake_year: int, study_form: str, language: str) -> Curriculum:
    """A new empty draft for a programme, intake year, study form and language.

    One draft per combination at a time; if approved versions exist, the draft takes the next
    version number (it starts empty: to start from the approved one, use curriculum_new_version).
    """
    require(actor, MANAGE)
    if study_form not in programme.study_forms:
        raise DomainError(
            _("Programme %(code)s is not offered in the %(form)s form.")
            % {"code": programme.code, "form": StudyForm(study_form).label},
            field="study_form",
        )
    if language not in programme.languages:
        raise DomainError(
            _("Programme %(code)s is not taught in %(language)s.")
            % {"code": programme.code, "language": Language(language).label},
            field="language",
        )
    combination = {
        "programme_id": programme.pk,
        "intake_year": intake_year,
        "study_form": study_form,
        "language": language,
    }
    with transaction.atomic():
        # Lock the programme so two registrars creating the same draft at once do not both pass the check.
        Programme.objects.select_for_update().get(pk=programme.pk)
        draft = _existing_draft(**combination)
        if draft is not None:
            raise _draft_exists_error(draft)
        curriculum = Curriculum(version=_next_version(**combination), status=CurriculumStatus.DRAFT, **combination)
        curriculum._history_user = actor
        try:
            with transaction.atomic():
                curriculum.save()
        except IntegrityError:
            raise _draft_exists_error(_existing_draft(**combination) or curriculum) from None
    return curriculum


def curriculum_delete(*, actor, curriculum: Curriculum) -> None:
    """Delete a draft (with its items and blocks); approved and superseded versions stay forever."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = lock_draft(curriculum)
        locked._history_user = actor
        locked.delete()


def _refuse_duplicate(curriculum: Curriculum, discipline: Discipline):
    existing = CurriculumItem.objects.filter(curriculum=curriculum, discipline=discipline).first()
    if existing is not None:
        raise DomainError(
            _("%(code)s is already in this curriculum, in term %(term)s.")
            % {"code": discipline.code, "term": existing.term},
            field="discipline",
        )


def curriculum_item_add(
    *, actor, curriculum: Curriculum, discipline: Discipline, term=None, block: ElectiveBlock | None = None
) -> CurriculumItem:
    """Place a discipline in a term, or as an alternative of an elective block (in the block's term)."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = lock_draft(curriculum)
        if block is not None:
            block = ElectiveBlock.objects.filter(pk=block.pk, curriculum=locked).first()
            if block is None:
                raise DomainError(_("The elective block belongs to another curriculum."), field="block")
            term = block.term
        term = _check_term(locked, term)
        if not discipline.is_active:
            raise DomainError(
                _("%(code)s is no longer active in the catalogue.") % {"code": discipline.code}, field="discipline"
            )
        _refuse_duplicate(locked, discipline)
        item = CurriculumItem(curriculum=locked, discipline=discipline, term=term, block=block)
        item._history_user = actor
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            # Another registrar placed it between our check and our insert: the unique constraint is the last guard.
            raise DomainError(
                _("%(code)s is already in this curriculum.") % {"code": discipline.code}, field="discipline"
            ) from None
    return item


def curriculum_item_move(*, actor, item: CurriculumItem, term) -> CurriculumItem:
    """Move a compulsory discipline to another term (an alternative moves with its block)."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = lock_draft(item.curriculum)
        item = CurriculumItem.objects.select_related("discipline", "block").get(pk=item.pk, curriculum=locked)
        if item.block_id is not None:
            raise DomainError(
                _("%(code)s is an alternative of elective block %(block)s: change the block's term instead.")
                % {"code": item.discipline.code, "block": item.block.code},
                field="term",
            )
        item.term = _check_term(locked, term)
        item._history_user = actor
        item.save(update_fields=["term"])
    return item


def curriculum_item_remove(*, actor, item: CurriculumItem) -> None:
    require(actor, MANAGE)
    with transaction.atomic():
        locked = lock_draft(item.curriculum)
        item = CurriculumItem.objects.get(pk=item.pk, curriculum=locked)
        item._history_user = actor
        item.delete()


def _block_rule(choose_count, choose_credits) -> tuple[int | None, int | None]:
    count = int(choose_count) if choose_count not in (None, "") else None
    credits = int(choose_credits) if choose_credits not in (None, "") else None
    if (count is None) == (credits is None):
        raise DomainError(
            _("An elective block says either how many disciplines or how many credits to choose, not both."),
            field="choose_count",
        )
    if (count is not None and count < 1) or (credits is not None and credits < 1):
        raise DomainError(_("The number to choose must be at least 1."), field="choose_count")
    return count, credits


def _save_block(block: ElectiveBlock, actor) -> ElectiveBlock:
    block._history_user = actor
    try:
        with transaction.atomic():
            block.save()
    except IntegrityError:
        raise DomainError(
            _("This curriculum already has an elective block with code %(code)s.") % {"code": block.code},
            field="code",
        ) from None
    return block


def elective_block_create(
    *,
    actor,
    curriculum: Curriculum,
    code: str,
    term,
    name: str = "",
    description: str = "",
    choose_count=None,
    choose_credits=None,
) -> ElectiveBlock:
    """A group of alternatives: the student picks `choose_count` disciplines or `choose_credits` credits."""
    require(actor, MANAGE)
    code = (code or "").strip()
    if not code:
        raise DomainError(_("The elective block needs a code."), field="code")
    count, credits = _block_rule(choose_count, choose_credits)
    with transaction.atomic():
        locked = lock_draft(curriculum)
        block = ElectiveBlock(
            curriculum=locked,
            code=code,
            name=(name or "").strip(),
            description=(description or "").strip(),
            term=_check_term(locked, term),
            choose_count=count,
            choose_credits=credits,
        )
        return _save_block(block, actor)


def elective_block_update(
    *,
    actor,
    block: ElectiveBlock,
    code: str,
    term,
    name: str = "",
    description: str = "",
    choose_count=None,
    choose_credits=None,
) -> ElectiveBlock:
    """Change a block; its alternatives follow it to its new term."""
    require(actor, MANAGE)
    code = (code or "").strip()
    if not code:
        raise DomainError(_("The elective block needs a code."), field="code")
    count, credits = _block_rule(choose_count, choose_credits)
    with transaction.atomic():
        locked = lock_draft(block.curriculum)
        block = ElectiveBlock.objects.get(pk=block.pk, curriculum=locked)
        block.code, block.name, block.description = code, (name or "").strip(), (description or "").strip()
        block.term = _check_term(locked, term)
        block.choose_count, block.choose_credits = count, credits
        _save_block(block, actor)
        for item in CurriculumItem.objects.filter(block=block).exclude(term=block.term):
            item.term = block.term
            item._history_user = actor
            item.save(update_fields=["term"])
    return block


def elective_block_delete(*, actor, block: ElectiveBlock) -> None:
    """Delete a block together with its alternatives (they are placed only through it)."""
    require(actor, MANAGE)
    with transaction.atomic():
        locked = lock_draft(block.curriculum)
        block = ElectiveBlock.objects.get(pk=block.pk, curriculum=locked)
        for item in CurriculumItem.objects.filter(block=block):
            item._history_user = actor
            item.delete()
        block._history_user = actor
        block.delete()


def elective_block_add_alternative(*, actor, block: ElectiveBlock, discipline: Discipline) -> CurriculumItem:
    return curriculum_item_add(actor=actor, curriculum=block.curriculum, discipline=discipline, block=block)


def curriculum_approve(*, actor, curriculum: Curriculum) -> Curriculum:
    """The head of the registrar's office approves a draft with no blocking violation.

    Every rule of academics.curriculum_rules blocks approval except a term load far from the
    typical 30 credits (and a total differing from the programme card), which are warnings.
    The previously approved version of the same programme, intake year, form and language
    becomes superseded in the same transaction.
    """
    require(actor, APPROVE)
    with transaction.atomic():
        locked = lock_draft(curriculum)
        blocking = curriculum_check(locked).blocking
        if blocking:
            raise DomainError(
                _("The curriculum cannot be approved while it breaks %(n)s rule(s).") % {"n": len(blocking)},
                errors=[v.message for v in blocking],
            )
        previous = Curriculum.objects.select_for_update().filter(
            status=CurriculumStatus.APPROVED, **_combination(locked)
        )
        for old in previous:
            old.status = CurriculumStatus.SUPERSEDED
            old._history_user = actor
            old.save(update_fields=["status"])
        locked.status = CurriculumStatus.APPROVED
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked._history_user = actor
        locked.save(update_fields=["status", "approved_by", "approved_at"])
    return locked


def curriculum_new_version(*, actor, curriculum: Curriculum) -> Curriculum:
    """A new draft (version + 1, based on the approved one) with copies of its blocks and items."""
    require(actor, MANAGE)
    with transaction.atomic():
        source = Curriculum.objects.select_for_update(of=("self",)).select_related("programme").get(pk=curriculum.pk)
        if source.status != CurriculumStatus.APPROVED:
            raise DomainError(_("A new version is made from the approved version of a curriculum."))
        combination = _combination(source)
        draft = _existing_draft(**combination)
        if draft is not None:
            raise _draft_exists_error(draft)
        new = Curriculum(
            version=_next_version(**combination), status=CurriculumStatus.DRAFT, based_on=source, **combination
        )
        new._history_user = actor
        try:
            with transaction.atomic():
                new.save()
        except IntegrityError:
            raise _draft_exists_error(_existing_draft(**combination) or new) from None
        old_blocks = list(ElectiveBlock.objects.filter(curriculum=source).order_by("pk"))
        new_blocks = bulk_create_with_history(
            [
                ElectiveBlock(
                    curriculum=new,
                    code=b.code,
                    name=b.name,
                    description=b.description,
                    term=b.term,
                    choose_count=b.choose_count,
                    choose_credits=b.choose_credits,
                )
                for b in old_blocks
            ],
            ElectiveBlock,
            default_user=actor,
        )
        block_map = {old.pk: new_b for old, new_b in zip(old_blocks, new_blocks, strict=True)}
        bulk_create_with_history(
            [
                CurriculumItem(
                    curriculum=new,
                    discipline_id=i.discipline_id,
                    term=i.term,
                    block=block_map.get(i.block_id),
                )
                for i in CurriculumItem.objects.filter(curriculum=source).order_by("pk")
            ],
            CurriculumItem,
            default_user=actor,
        )
    return new
