"""The list page every list uses: search and filters (django-filter), sorting and pagination
(django-tables2), and `?export=xlsx` for the same filtered rows."""

from django.shortcuts import render
from django_tables2 import RequestConfig

from .xlsx import table_response

PER_PAGE = 25


def list_page(request, *, queryset, filterset_class, table_class, template, export_name, context=None):
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    table = table_class(rows)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, export_name)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    return render(
        request,
        template,
        {"filter": filterset, "table": table, "export_query": query.urlencode(), **(context or {})},
    )
