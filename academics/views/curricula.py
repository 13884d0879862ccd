"""Curriculum pages: the list, creating a draft, and the editor (htmx: every change answers with the
re-rendered editor, so totals and violations update in place without a page reload)."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy

from ..choices import CurriculumStatus
from ..filters_curricula import CurriculumFilter
from ..forms_curricula import (
    ConfirmForm,
    CurriculumCreateForm,
    ElectiveBlockForm,
    ItemAddForm,
    ItemMoveForm,
    target_choices,
)
from ..models import Curriculum, CurriculumItem, ElectiveBlock
from ..selectors_curricula import curriculum_layout, curriculum_versions, discipline_search
from ..services import curricula as services
from ..tables_curricula import CurriculumTable

VIEW = "academics.view"
MANAGE = "academics.manage"
APPROVE = "curriculum.approve"


def _curricula():
    return Curriculum.objects.select_related("programme", "approved_by", "based_on")


@policy(VIEW)
def curriculum_list(request):
    return list_page(
        request,
        queryset=Curriculum.objects.select_related("programme", "approved_by"),
        filterset_class=CurriculumFilter,
        table_class=CurriculumTable,
        template="academics/curricula/curriculum_list.html",
        export_name="curricula",
        context={"can_manage": may(request.user, MANAGE)},
    )


@policy(MANAGE)
def curriculum_create(request):
    form = CurriculumCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            curriculum = services.curriculum_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Draft curriculum created: add disciplines to its terms."))
            return redirect("curriculum_detail", pk=curriculum.pk)
    return render(request, "academics/curricula/curriculum_create.html", {"form": form})


def _editor_context(request, curriculum, *, errors=None, notice=None, selected_target=None, query=""):
    layout = curriculum_layout(curriculum)
    can_edit = curriculum.is_editable and may(request.user, MANAGE, curriculum)
    context = {
        "curriculum": curriculum,
        "layout": layout,
        "can_edit": can_edit,
        "errors": errors or [],
        "notice": notice,
        "targets": target_choices(curriculum, layout.blocks) if can_edit else [],
        "selected_target": selected_target,
        "term_numbers": range(1, curriculum.programme.terms_count + 1),
        "query": query,
    }
    if query and can_edit:
        context["results"] = discipline_search(curriculum, query)
    return context


@policy(VIEW)
def curriculum_detail(request, pk):
    curriculum = get_for_user(request.user, VIEW, _curricula(), pk=pk)
    context = _editor_context(request, curriculum)
    context.update(
        {
            "versions": curriculum_versions(curriculum),
            "can_approve": curriculum.is_editable and may(request.user, APPROVE, curriculum),
            "can_new_version": curriculum.status == CurriculumStatus.APPROVED and may(request.user, MANAGE, curriculum),
            "can_delete": context["can_edit"],
            "block_form": ElectiveBlockForm(curriculum=curriculum) if context["can_edit"] else None,
        }
    )
    return render(request, "academics/curricula/curriculum_detail.html", context)


def _after_change(request, curriculum, *, errors=None, success=None, status=200, **extra):
    """htmx: the editor fragment (+ out-of-band target select and search results); otherwise a redirect."""
    if request.htmx:
        context = _editor_context(request, curriculum, errors=errors, notice=None if errors else success, **extra)
        context["oob"] = True
        return render(request, "academics/curricula/_editor_response.html", context)
    if errors and status != 200:
        return HttpResponseBadRequest("; ".join(str(e) for e in errors))
    for error in errors or []:
        messages.error(request, error)
    if success and not errors:
        messages.success(request, success)
    return redirect("curriculum_detail", pk=curriculum.pk)


def _form_errors(form) -> list[str]:
    return [
        f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ")
        for f, es in form.errors.items()
        for e in es
    ]


@policy(MANAGE)
@require_POST
def curriculum_item_add(request, pk):
    curriculum = get_for_user(request.user, MANAGE, _curricula(), pk=pk)
    blocks = list(curriculum.blocks.all())
    form = ItemAddForm(request.POST, curriculum=curriculum, blocks=blocks)
    query = request.POST.get("q", "")
    target = request.POST.get("target")
    if not form.is_valid():
        return _after_change(request, curriculum, errors=_form_errors(form), status=400, query=query)
    term, block = form.place()
    discipline = form.cleaned_data["discipline"]
    try:
        services.curriculum_item_add(
            actor=request.user, curriculum=curriculum, discipline=discipline, term=term, block=block
        )
    except DomainError as exc:
        return _after_change(request, curriculum, errors=exc.errors, selected_target=target, query=query)
    return _after_change(
        request,
        curriculum,
        success=_("%(code)s added.") % {"code": discipline.code},
        selected_target=target,
        query=query,
    )


def _item_for(request, pk):
    item = get_for_user(
        request.user, MANAGE, CurriculumItem.objects.select_related("curriculum__programme", "discipline"), pk=pk
    )
    return item, item.curriculum


@policy(MANAGE)
@require_POST
def curriculum_item_move(request, pk):
    item, curriculum = _item_for(request, pk)
    form = ItemMoveForm(request.POST, curriculum=curriculum)
    if not form.is_valid():
        return _after_change(request, curriculum, errors=_form_errors(form), status=400)
    try:
        services.curriculum_item_move(actor=request.user, item=item, term=form.cleaned_data["term"])
    except DomainError as exc:
        return _after_change(request, curriculum, errors=exc.errors)
    return _after_change(request, curriculum, success=_("%(code)s moved.") % {"code": item.discipline.code})


@policy(MANAGE)
@require_POST
def curriculum_item_remove(request, pk):
    item, curriculum = _item_for(request, pk)
    if not ConfirmForm(request.POST).is_valid():
        return _after_change(request, curriculum, errors=[_("Confirm the removal.")], status=400)
    try:
        services.curriculum_item_remove(actor=request.user, item=item)
    except DomainError as exc:
        return _after_change(request, curriculum, errors=exc.errors)
    return _after_change(request, curriculum, success=_("%(code)s removed.") % {"code": item.discipline.code})


@policy(MANAGE)
@require_GET
def curriculum_discipline_search(request, pk):
    curriculum = get_for_user(request.user, MANAGE, _curricula(), pk=pk)
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "academics/curricula/_search_results.html",
        {"curriculum": curriculum, "results": discipline_search(curriculum, query) if query else [], "query": query},
    )


@policy(MANAGE)
@require_POST
def curriculum_block_create(request, pk):
    curriculum = get_for_user(request.user, MANAGE, _curricula(), pk=pk)
    form = ElectiveBlockForm(request.POST, curriculum=curriculum)
    if not form.is_valid():
        return _after_change(request, curriculum, errors=_form_errors(form), status=400)
    try:
        block = services.elective_block_create(actor=request.user, curriculum=curriculum, **form.service_kwargs())
    except DomainError as exc:
        return _after_change(request, curriculum, errors=exc.errors)
    return _after_change(
        request,
        curriculum,
        success=_("Elective block %(code)s created: add its alternatives.") % {"code": block.code},
        selected_target=f"block:{block.pk}",
    )


def _block_for(request, pk):
    block = get_for_user(request.user, MANAGE, ElectiveBlock.objects.select_related("curriculum__programme"), pk=pk)
    return block, block.curriculum


@policy(MANAGE)
def curriculum_block_edit(request, pk):
    block, curriculum = _block_for(request, pk)
    if not curriculum.is_editable:
        messages.error(request, _("An approved curriculum cannot be changed; create a new version from it."))
        return redirect("curriculum_detail", pk=curriculum.pk)
    data = request.POST if request.method == "POST" else None
    form = ElectiveBlockForm(data, curriculum=curriculum, initial=ElectiveBlockForm.initial_for(block))
    if data is not None and form.is_valid():
        try:
            services.elective_block_update(actor=request.user, block=block, **form.service_kwargs())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Elective block %(code)s saved.") % {"code": form.cleaned_data["code"]})
            return redirect(reverse("curriculum_detail", args=[curriculum.pk]) + f"#term-{form.cleaned_data['term']}")
    return render(
        request, "academics/curricula/block_edit.html", {"form": form, "block": block, "curriculum": curriculum}
    )


@policy(MANAGE)
@require_POST
def curriculum_block_delete(request, pk):
    block, curriculum = _block_for(request, pk)
    if not ConfirmForm(request.POST).is_valid():
        return _after_change(request, curriculum, errors=[_("Confirm the removal.")], status=400)
    try:
        services.elective_block_delete(actor=request.user, block=block)
    except DomainError as exc:
        return _after_change(request, curriculum, errors=exc.errors)
    return _after_change(request, curriculum, success=_("Elective block %(code)s deleted.") % {"code": block.code})


@policy(APPROVE)
@require_POST
def curriculum_approve(request, pk):
    curriculum = get_for_user(request.user, APPROVE, _curricula(), pk=pk)
    try:
        services.curriculum_approve(actor=request.user, curriculum=curriculum)
    except DomainError as exc:
        messages.error(request, exc.message)
        for error in exc.errors if exc.errors != [exc.message] else []:
            messages.warning(request, error)
    else:
        messages.success(request, _("Curriculum approved: it can no longer be changed."))
    return redirect("curriculum_detail", pk=curriculum.pk)


@policy(MANAGE)
@require_POST
def curriculum_new_version(request, pk):
    curriculum = get_for_user(request.user, MANAGE, _curricula(), pk=pk)
    try:
        new = services.curriculum_new_version(actor=request.user, curriculum=curriculum)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("curriculum_detail", pk=curriculum.pk)
    messages.success(request, _("Version %(version)s created as a draft.") % {"version": new.version})
    return redirect("curriculum_detail", pk=new.pk)


@policy(MANAGE)
@require_POST
def curriculum_delete(request, pk):
    curriculum = get_for_user(request.user, MANAGE, _curricula(), pk=pk)
    if not ConfirmForm(request.POST).is_valid():
        return HttpResponseBadRequest(_("Confirm the deletion."))
    try:
        services.curriculum_delete(actor=request.user, curriculum=curriculum)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("curriculum_detail", pk=curriculum.pk)
    messages.success(request, _("Draft deleted."))
    return redirect("curriculum_list")
