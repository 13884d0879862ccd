"""Order pages: list, create, the order with its items, adding students, signing, cancelling, PDFs.

Thin: parse with a form, call a service (orders.services), render or redirect.
"""

from django.contrib import messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enrollment.models import Student
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy

from . import selectors, services, tasks
from .choices import OrderType
from .documents import extract_pdf, order_pdf
from .effects import EFFECTS
from .filters import OrderFilter
from .forms import (
    BulkOrderForm,
    CancelOrderForm,
    ItemParamsForm,
    OrderForm,
    OrderTypeForm,
    StudentSearchForm,
    apply_errors,
)
from .models import Order, OrderItem
from .policies import orders_visible_to
from .tables import OrderTable
from .wording import DOCUMENT_LANGUAGES


def _confirmed(request) -> bool:
    # Destructive POSTs carry an explicit confirmation, so an empty POST changes nothing.
    return request.POST.get("confirm") == "1"


def _order(request, pk, action="order.view") -> Order:
    queryset = orders_visible_to(request.user, Order.objects.select_related("created_by", "signed_by", "cancels"))
    return get_for_user(request.user, action, queryset, pk=pk)


def _item(request, pk, action="order.draft") -> OrderItem:
    queryset = OrderItem.objects.select_related("order", "student", "student__programme")
    return get_for_user(request.user, action, queryset, pk=pk)


def _signed_redirect(request, order):
    """Editing pages of a signed order send back to it: a signed order is never changed."""
    messages.error(request, _("A signed order can no longer be changed; correct it with a cancelling order."))
    return redirect("order_detail", pk=order.pk)


def _student_url(student) -> str | None:
    try:
        return reverse("student_detail", args=[student.pk])
    except NoReverseMatch:
        return None


@policy("order.view")
def order_list(request):
    return list_page(
        request,
        queryset=selectors.order_list(request.user),
        filterset_class=OrderFilter,
        table_class=OrderTable,
        template="orders/order_list.html",
        export_name="orders",
        context={"can_draft": may(request.user, "order.draft")},
    )


@policy("order.draft")
def order_create(request):
    """Choose the type, then the order's dates, basis and the defaults of its items."""
    type_form = OrderTypeForm(request.GET or None)
    if not type_form.is_valid():
        return render(request, "orders/order_create.html", {"type_form": OrderTypeForm(), "types": type_form.fields})
    order_type = type_form.cleaned_data["order_type"]
    form = OrderForm(request.POST or None, order_type=order_type)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_create(
                actor=request.user,
                order_type=order_type,
                order_date=data["order_date"],
                effective_on=data["effective_on"],
                basis=data["basis"],
                params=form.params(),
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Draft order created: now add its items."))
            return redirect("order_detail", pk=order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order_type": OrderType(order_type), "order": None})


ITEMS_PER_PAGE = 100
PROBLEMS_SHOWN = 50


@policy("order.view")
def order_detail(request, pk):
    order = _order(request, pk)
    items_page = Paginator(selectors.order_items(order), ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.item_rows(order, items_page.object_list)
    for row in rows:
        row["student_url"] = _student_url(row["student"]) if row["student"] else None
    can_draft = may(request.user, "order.draft", order)
    can_sign = may(request.user, "order.sign", order)
    problems = services.order_check(order) if order.is_draft and (can_sign or can_draft) else []
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "rows": rows,
            "items_page": items_page,
            "defaults": selectors.order_defaults(order),
            "problems": problems[:PROBLEMS_SHOWN],
            "problem_count": len(problems),
            "refusal": request.session.pop(f"order-refusal-{order.pk}", None),
            "can_draft": can_draft and order.is_draft,
            "can_sign": can_sign and order.is_draft,
            "can_cancel": can_draft and order.is_signed and order.order_type != OrderType.CANCELLATION,
            "cancellations": list(order.cancellations.all()),
            "cancel_form": CancelOrderForm(),
            "languages": DOCUMENT_LANGUAGES,
            "can_audit": may(request.user, "audit.view"),
        },
    )


@policy("order.draft")
def order_edit(request, pk):
    order = _order(request, pk, "order.draft")
    if not order.is_draft:
        return _signed_redirect(request, order)
    initial = {"order_date": order.order_date, "effective_on": order.effective_on, "basis": order.basis}
    initial["params"] = order.params
    form = OrderForm(request.POST or None, order_type=order.order_type, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.order_update(
                actor=request.user,
                order=order,
                order_date=data["order_date"],
                effective_on=data["effective_on"],
                basis=data["basis"],
                params=form.params(),
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Order saved."))
            return redirect("order_detail", pk=order.pk)
    return render(
        request, "orders/order_form.html", {"form": form, "order_type": OrderType(order.order_type), "order": order}
    )


@policy("order.draft")
@require_POST
def order_delete(request, pk):
    order = _order(request, pk, "order.draft")
    if not _confirmed(request):
        return HttpResponseBadRequest(_("Confirm the deletion."))
    try:
        services.order_delete(actor=request.user, order=order)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("order_detail", pk=order.pk)
    messages.success(request, _("Draft order deleted."))
    return redirect("order_list")


@policy("order.draft")
def order_item_add(request, pk):
    """Add items: students found by a search (most types) or one applicant's data (enrolment, transfer in)."""
    order = _order(request, pk, "order.draft")
    if not order.is_draft:
        return _signed_redirect(request, order)
    search = StudentSearchForm(request.GET or None)
    new_person = not EFFECTS[order.order_type].needs_student(order.params or {})
    form = ItemParamsForm(request.POST or None, order_type=order.order_type)
    found = selectors.student_search(**search.cleaned_data) if search.has_criteria() else []
    if request.method == "POST" and form.is_valid():
        ids = [int(v) for v in request.POST.getlist("student") if v.isdigit()]
        students = list(Student.objects.filter(pk__in=ids).order_by("last_name", "first_name"))
        entries = [(None, form.params())] if new_person else [(s, form.params()) for s in students]
        try:
            if not entries:
                raise DomainError(_("Select at least one student."), field="student")
            services.order_items_add(actor=request.user, order=order, entries=entries)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(count)d item(s) added.") % {"count": len(entries)})
            return redirect("order_detail", pk=order.pk)
    return render(
        request,
        "orders/item_add.html",
        {"order": order, "form": form, "search": search, "found": found, "new_person": new_person},
    )


@policy("order.draft")
def order_item_edit(request, pk):
    item = _item(request, pk)
    if not item.order.is_draft:
        return _signed_redirect(request, item.order)
    form = ItemParamsForm(request.POST or None, order_type=item.order.order_type, initial_params=item.params)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_item_update(actor=request.user, item=item, params=form.params())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Item saved."))
            return redirect("order_detail", pk=item.order_id)
    return render(request, "orders/item_form.html", {"item": item, "order": item.order, "form": form})


@policy("order.draft")
@require_POST
def order_item_remove(request, pk):
    item = _item(request, pk)
    if not _confirmed(request):
        return HttpResponseBadRequest(_("Confirm the removal."))
    try:
        services.order_item_remove(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Item removed."))
    return redirect("order_detail", pk=item.order_id)


@policy("order.sign")
@require_POST
def order_sign(request, pk):
    order = _order(request, pk, "order.sign")
    if not _confirmed(request):
        return HttpResponseBadRequest(_("Confirm the signature."))
    try:
        order = services.order_sign(actor=request.user, order=order)
    except DomainError as exc:
        messages.error(request, exc.message)
        # The list of refused items is shown once on the order page.
        request.session[f"order-refusal-{order.pk}"] = [str(e) for e in exc.errors]
    else:
        messages.success(request, _("Order %(number)s signed; its effects are applied.") % {"number": order.number})
    return redirect("order_detail", pk=order.pk)


@policy("order.draft")
@require_POST
def order_cancel(request, pk):
    order = _order(request, pk, "order.draft")
    form = CancelOrderForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Give the basis of the cancellation."), field="basis")
        cancellation = services.order_cancel_create(actor=request.user, order=order, basis=form.cleaned_data["basis"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("order_detail", pk=order.pk)
    messages.success(request, _("Draft cancelling order created; the head signs it."))
    return redirect("order_detail", pk=cancellation.pk)


@policy("order.draft")
def order_bulk_create(request):
    """A draft of one type for many students: POSTed student ids (the student list's selection)
    or the students matching the filters of the student list (programme, year, group, status)."""
    search = StudentSearchForm(request.GET or None)
    form = BulkOrderForm(request.POST or None, initial={"order_type": request.GET.get("order_type")})
    matching = selectors.student_search(**search.cleaned_data, limit=None) if search.has_criteria() else None
    if request.method == "POST" and form.is_valid():
        ids = [int(v) for v in request.POST.getlist("student") if v.isdigit()]
        if ids:
            students = Student.objects.filter(pk__in=ids)
        else:
            students = matching if matching is not None else Student.objects.none()
        data = form.cleaned_data
        today = timezone.localdate()
        try:
            order = services.order_bulk_create(
                actor=request.user,
                order_type=data["order_type"],
                students=students.order_by("last_name", "first_name", "pk"),
                order_date=data["order_date"] or today,
                effective_on=data["effective_on"] or data["order_date"] or today,
                basis=data["basis"],
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Draft order created with %(count)d item(s).") % {"count": order.items.count()})
            return redirect("order_detail", pk=order.pk)
    preview = list(matching[: selectors.SEARCH_LIMIT]) if matching is not None else []
    return render(
        request,
        "orders/bulk_create.html",
        {
            "form": form,
            "search": search,
            "preview": preview,
            "matching_count": matching.count() if matching is not None else None,
        },
    )


def _language(lang: str) -> str:
    if lang not in DOCUMENT_LANGUAGES:
        raise Http404(_("Orders are issued in Kazakh and Russian."))
    return lang


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


# Above this many items a signed order's PDF is built by a task once and kept (it never changes).
LARGE_ORDER_ITEMS = 200


@policy("order.view")
def order_pdf_view(request, pk, lang):
    order = _order(request, pk)
    lang = _language(lang)
    filename = f"order-{order.pk}-{lang}"
    if order.is_draft or order.items.count() <= LARGE_ORDER_ITEMS:
        return _pdf(order_pdf(order, lang), filename)
    path = tasks.stored_pdf_path(order, lang)
    if not default_storage.exists(path):
        # One task per order and language at a time; without a broker it runs right here.
        if cache.add(f"order-pdf:{path}", True, timeout=600):
            result = tasks.order_pdf_build.delay(order.pk, lang)
            if result.ready():
                cache.delete(f"order-pdf:{path}")
        if not default_storage.exists(path):
            return render(request, "orders/pdf_wait.html", {"order": order, "lang": lang}, status=202)
    response = FileResponse(default_storage.open(path, "rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@policy("order.extract")
def order_item_extract(request, pk, lang):
    queryset = OrderItem.objects.select_related("order", "student", "student__programme")
    item = get_for_user(request.user, "order.extract", queryset, pk=pk)
    lang = _language(lang)
    return _pdf(extract_pdf(item, lang), f"extract-{item.order_id}-{item.position}-{lang}")
