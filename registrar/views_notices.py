"""The user's in-app notices (a returned study plan, a plan waiting for review...): the list, newest
first, and marking them read — one, all, or by opening the page a notice links to."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import Notice
from .notices import notices_mark_read
from .policy import AUTHENTICATED, policy

PER_PAGE = 25


@policy(AUTHENTICATED)
def notices(request):
    """GET: the list. POST `open=<id>`: mark it read and go to its link; `read=<id>`: mark one read;
    `read=all`: mark every notice read."""
    if request.method == "POST":
        opened = request.POST.get("open", "")
        read = request.POST.get("read", "")
        if opened.isdigit():
            notice = Notice.objects.filter(user=request.user, pk=opened).first()
            if notice is not None:
                notices_mark_read(request.user, [notice.pk])
                if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
                    return redirect(notice.url)
        elif read == "all":
            count = notices_mark_read(request.user)
            if count:
                messages.success(request, _("All notices are marked as read."))
        elif read.isdigit():
            notices_mark_read(request.user, [int(read)])
        return redirect("notices")
    page = Paginator(Notice.objects.filter(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    unread = Notice.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(
        request,
        "registrar/notices.html",
        {"page": page, "unread": unread, "elided_pages": page.paginator.get_elided_page_range(page.number)},
    )
