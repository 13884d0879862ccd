"""The order PDF and the per-student extract (выписка из приказа), in Kazakh or Russian.

A signed item is printed from what was applied (the `before`/`after` snapshots kept on the item),
so a reprint years later says what the order did, whatever happened to the student since; a
draft is printed from its parameters, marked as a draft.
"""

from academics.models import Programme
from enrollment.models import AcademicGroup
from registrar.pdf import render_pdf

from . import wording
from .choices import OrderType, TransferKind
from .effects import load_refs
from .models import Order, OrderItem
from .params import parse_date

TEMPLATE_ORDER = "documents/orders/order.html"
TEMPLATE_EXTRACT = "documents/orders/extract.html"


def _d(value) -> str:
    return f"{parse_date(value):%d.%m.%Y}" if value else ""


def _name(snapshot: dict) -> str:
    return " ".join(snapshot.get(k) for k in ("last_name", "first_name", "patronymic") if snapshot.get(k))


class _Names:
    """Programmes and groups named by snapshots and params, read in two queries for the whole order."""

    def __init__(self, items, refs):
        prog_ids, group_ids = set(), set()
        for item in items:
            for snap in (item.result.get("before") or {}, item.result.get("after") or {}):
                prog_ids.add(snap.get("programme_id"))
                group_ids.add(snap.get("group_id"))
            if item.student is not None:
                prog_ids.add(item.student.programme_id)
                group_ids.add(item.student.group_id)
        self.programmes = Programme.objects.in_bulk(prog_ids - {None})
        self.groups = AcademicGroup.objects.in_bulk(group_ids - {None})
        self.refs = refs

    def programme(self, value):
        if isinstance(value, int) and value in self.programmes:
            return self.programmes[value]
        return self.refs.programme(value)

    def group(self, value) -> str:
        group = self.groups.get(value) or self.refs.groups.get(value)
        return group.name if group else ""


def _state(item, params) -> tuple[dict, dict]:
    """(before, after) of an item: applied snapshots when signed, else estimated from the draft."""
    if item.result:
        return item.result.get("before") or {}, item.result.get("after") or {}
    student = item.student
    if student is None:
        after = {k: params.get(k) for k in ("last_name", "first_name", "patronymic", "study_form", "language")}
        after.update(
            programme_id=params.get("programme"),
            year_of_study=params.get("year_of_study") or 1,
            funding=params.get("funding"),
            group_id=params.get("group"),
        )
        return {}, after
    before = {
        "last_name": student.last_name,
        "first_name": student.first_name,
        "patronymic": student.patronymic,
        "programme_id": student.programme_id,
        "year_of_study": student.year_of_study,
        "study_form": student.study_form,
        "language": student.language,
        "funding": student.funding,
        "group_id": student.group_id,
    }
    after = dict(before)
    for key in ("last_name", "first_name", "patronymic", "study_form", "language", "funding", "year_of_study"):
        if params.get(key):
            after[key] = params[key]
    if params.get("programme"):
        after["programme_id"] = params["programme"]
    if params.get("group"):
        after["group_id"] = params["group"]
    return before, after


def _details(order, item, params, before, after, names, lang, cancelled) -> str:
    t, L, C = order.order_type, wording.label, wording.choice
    if t == OrderType.ENROLMENT or (t == OrderType.TRANSFER and params.get("kind") == TransferKind.INCOMING):
        parts = [C("study_form", after.get("study_form"), lang), C("language", after.get("language"), lang)]
        parts.append(C("funding", after.get("funding"), lang))
        if t == OrderType.TRANSFER:
            parts.insert(0, L(lang, "from_university", name=params.get("previous_university", "")))
        return ", ".join(p for p in parts if p)
    if t == OrderType.PROMOTION:
        after_year = after.get("year_of_study") if item.result else (before.get("year_of_study") or 0) + 1
        return L(lang, "year_change", before=before.get("year_of_study"), after=after_year)
    if t == OrderType.REPEAT_YEAR:
        return ", ".join([L(lang, "year", n=before.get("year_of_study")), C("funding", "paid", lang)])
    if t == OrderType.TRANSFER and params.get("kind") == TransferKind.OUTGOING:
        return L(lang, "to_university", name=params.get("destination_university", "")).strip()
    if t == OrderType.TRANSFER:
        changes = []
        for key, kind in (("study_form", "study_form"), ("language", "language")):
            if before.get(key) != after.get(key):
                changes.append(f"{C(kind, before.get(key), lang)} → {C(kind, after.get(key), lang)}")
        if before.get("programme_id") != after.get("programme_id"):
            old, new = names.programme(before.get("programme_id")), names.programme(after.get("programme_id"))
            changes.append(f"{old.code if old else ''} → {new.code if new else ''}")
        if before.get("year_of_study") != after.get("year_of_study"):
            changes.append(L(lang, "year_change", before=before.get("year_of_study"), after=after.get("year_of_study")))
        if before.get("group_id") != after.get("group_id") and after.get("group_id"):
            changes.append(L(lang, "group", name=names.group(after.get("group_id"))))
        return "; ".join(changes)
    if t == OrderType.ACADEMIC_LEAVE:
        start = params.get("leave_from") or (item.result or {}).get("effective_on") or order.effective_on.isoformat()
        period = L(lang, "leave_period", start=_d(start), until=_d(params.get("leave_until")))
        return f"{period}, {C('leave_ground', params.get('leave_ground'), lang)}"
    if t in (OrderType.RETURN_FROM_LEAVE, OrderType.REINSTATEMENT):
        parts = [L(lang, "year", n=after.get("year_of_study"))]
        if after.get("group_id") and item.result:
            parts.append(L(lang, "group", name=names.group(after.get("group_id"))))
        if t == OrderType.REINSTATEMENT:
            parts.append(C("funding", after.get("funding"), lang))
        return ", ".join(parts)
    if t == OrderType.EXPULSION:
        text = C("expulsion_ground", params.get("expulsion_ground"), lang)
        return f"{text} ({params['note']})" if params.get("note") else text
    if t == OrderType.FUNDING_CHANGE:
        new = params.get("funding")
        return f"{C('funding', before.get('funding'), lang)} → {C('funding', new, lang)}"
    if t == OrderType.NAME_CHANGE:
        old, new = _name(before), _name(after)
        return f"{old} → {new}; {L(lang, 'document', document=params.get('document', ''))}"
    if t == OrderType.GRADUATION:
        programme = names.programme(before.get("programme_id"))
        degree = params.get("degree") or (programme.translated("degree", lang) if programme else "")
        parts = [
            degree,
            L(lang, "attestation", date=_d(params.get("attestation_date")), minutes=params.get("minutes_number")),
        ]
        if params.get("honours"):
            parts.append(L(lang, "honours"))
        return "; ".join(p for p in parts if p)
    if t == OrderType.CANCELLATION and cancelled:
        source = cancelled.get(params.get("cancels_item"))
        if source:
            return L(
                lang, "cancelled_item", n=source.position, number=source.order.number, date=_d(source.order.order_date)
            )
    return ""


def document_rows(order: Order, items, lang: str) -> list[dict]:
    """One row per item: position, name, IIN, programme, year, group and the type's details."""
    params_list = [order.item_params(item) for item in items]
    names = _Names(items, load_refs(params_list))
    cancelled = None
    if order.order_type == OrderType.CANCELLATION:
        ids = [p.get("cancels_item") for p in params_list]
        cancelled = OrderItem.objects.select_related("order").in_bulk(ids)
    rows = []
    for item, params in zip(items, params_list, strict=True):
        before, after = _state(item, params)
        shown = after if order.order_type in (OrderType.ENROLMENT, OrderType.TRANSFER) else (before or after)
        programme = names.programme(shown.get("programme_id"))
        student = item.student
        rows.append(
            {
                "position": item.position,
                "name": _name(before) or _name(after) or (student.full_name if student else item.applicant_name),
                "iin": (student.iin if student else params.get("iin")) or "",
                "programme": f"{programme.code} {programme.translated('name', lang)}" if programme else "",
                "year": shown.get("year_of_study") or "",
                "group": names.group(shown.get("group_id")),
                "details": _details(order, item, params, before, after, names, lang, cancelled),
            }
        )
    return rows


def document_context(order: Order, lang: str, items=None) -> dict:
    items = list(items if items is not None else order.items.select_related("student").order_by("position"))
    return {
        "order": order,
        "lang": lang,
        "L": wording.LABELS[lang],
        "title": wording.title(order.order_type, lang),
        "preamble": wording.preamble(order, lang),
        "rows": document_rows(order, items, lang),
        "in_force": wording.label(lang, "in_force", date=f"{order.effective_on:%d.%m.%Y}"),
        "signatures": [{"role": wording.label(lang, "rector")}, {"role": wording.label(lang, "head")}],
    }


def order_pdf(order: Order, lang: str) -> bytes:
    from django.utils import translation

    with translation.override(lang):
        return render_pdf(TEMPLATE_ORDER, document_context(order, lang))


def extract_pdf(item: OrderItem, lang: str) -> bytes:
    from django.utils import translation

    context = document_context(item.order, lang, items=[item])
    context["row"] = context["rows"][0]
    with translation.override(lang):
        return render_pdf(TEMPLATE_EXTRACT, context)
