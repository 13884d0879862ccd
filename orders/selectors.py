"""Reads of the order pages, each a bounded number of queries whatever the number of items."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from academics.models import Programme
from enrollment.models import TRACKED_FIELDS, AcademicGroup, Student

from .choices import OrderStatus
from .effects import load_refs
from .models import Order, OrderItem
from .params import PARAMS, parse_date
from .policies import orders_visible_to

SEARCH_LIMIT = 50


def order_list(user):
    """Orders the user may read, with their item count (one query per page)."""
    counts = (
        OrderItem.objects.filter(order=OuterRef("pk")).order_by().values("order").annotate(n=Count("pk")).values("n")
    )
    return orders_visible_to(user, Order.objects.select_related("created_by", "signed_by")).annotate(
        item_count=Subquery(counts, output_field=IntegerField())
    )


def drafts_awaiting_signature() -> int:
    return Order.objects.filter(status=OrderStatus.DRAFT).count()


def _show(p, value, refs) -> str:
    if p.kind == "choice":
        return str(dict(p.choices).get(value, value))
    if p.kind == "date":
        return date_format(parse_date(value), "d.m.Y")
    if p.kind == "bool":
        return _("yes") if value else _("no")
    if p.kind == "programme":
        programme = refs.programme(value)
        return f"{programme.code} {programme.name}" if programme else str(value)
    if p.kind == "group":
        group = refs.groups.get(value)
        return group.name if group else f"#{value}"
    if p.kind == "teacher":
        teacher = refs.teachers.get(value)
        return str(teacher) if teacher else f"#{value}"
    return str(value)


def param_rows(order_type: str, params: dict, refs) -> list[tuple[str, str]]:
    """(label, shown value) of the parameters present, in declaration order."""
    return [(str(p.label), _show(p, params[p.name], refs)) for p in PARAMS[order_type] if p.name in params]


def _names(items):
    """Programme codes and group names of the ids in the items' applied snapshots (two queries)."""
    prog_ids, group_ids = set(), set()
    for item in items:
        for snap in (item.result.get("before") or {}, item.result.get("after") or {}):
            prog_ids.add(snap.get("programme_id"))
            group_ids.add(snap.get("group_id"))
    prog_ids.discard(None)
    group_ids.discard(None)
    return {
        "programme_id": dict(Programme.objects.filter(pk__in=prog_ids).values_list("pk", "code")) if prog_ids else {},
        "group_id": dict(AcademicGroup.objects.filter(pk__in=group_ids).values_list("pk", "name")) if group_ids else {},
    }


def _field_label(name: str) -> str:
    return str(Student._meta.get_field(name.removesuffix("_id")).verbose_name)


def _value(name, value, names, displays) -> str:
    if value in (None, ""):
        return "—"
    if name in names:
        return names[name].get(value, f"#{value}")
    if name in displays:
        return displays[name].get(value, value)
    if name == "leave_until":
        return date_format(datetime.date.fromisoformat(value), "d.m.Y")
    return str(value)


def result_rows(item, names, displays) -> list[tuple[str, str, str]]:
    """(field, before, after) of the tracked fields a signed item changed."""
    before, after = item.result.get("before") or {}, item.result.get("after") or {}
    rows = []
    for name in TRACKED_FIELDS:
        if name == "curriculum_id" or before.get(name) == after.get(name):
            continue
        if not before and after.get(name) in (None, ""):
            continue
        rows.append(
            (
                _field_label(name),
                _value(name, before.get(name), names, displays),
                _value(name, after.get(name), names, displays),
            )
        )
    return rows


def order_items(order: Order):
    return order.items.select_related("student", "student__programme", "student__group").order_by("position", "pk")


def item_rows(order: Order, items=None) -> list[dict]:
    """The items of an order page (or of one page of them): student or applicant, parameters,
    applied change; a bounded number of queries whatever the number of items."""
    items = list(order_items(order) if items is None else items)
    merged = [order.item_params(item) for item in items]
    refs = load_refs([item.params for item in items] + [order.params or {}])
    names = _names(items)
    displays = {
        n: {k: str(v) for k, v in Student._meta.get_field(n).flatchoices}
        for n in ("status", "study_form", "language", "funding")
    }
    return [
        {
            "item": item,
            "student": item.student,
            "name": str(item.student) if item.student else item.applicant_name,
            "params": param_rows(order.order_type, item.params or {}, refs),
            "merged": merged_params,
            "result": result_rows(item, names, displays) if item.result else [],
            "movement": item.result.get("movement"),
        }
        for item, merged_params in zip(items, merged, strict=True)
    ]


def order_defaults(order: Order) -> list[tuple[str, str]]:
    return param_rows(order.order_type, order.params or {}, load_refs([order.params or {}]))


def student_search(*, q: str = "", programme=None, year_of_study=None, group=None, status=None, limit=SEARCH_LIMIT):
    """Students matching the search of the "add students" page (at most `limit`)."""
    queryset = Student.objects.select_related("programme", "group")
    for word in (q or "").split():
        queryset = queryset.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(patronymic__icontains=word)
            | Q(last_name_latin__icontains=word)
            | Q(iin=word)
            | Q(student_number=word)
        )
    if programme:
        queryset = queryset.filter(programme=programme)
    if year_of_study:
        queryset = queryset.filter(year_of_study=year_of_study)
    if group:
        queryset = queryset.filter(group=group)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("last_name", "first_name", "pk")[:limit] if limit else queryset
