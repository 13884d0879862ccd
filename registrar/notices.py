"""Notices to users: an in-app notice, and the same text by email when the user has an address.

Callers pass callables that build the subject and body, so each recipient reads them in their own
interface language. Mail goes out after the transaction commits (a rolled-back action sends nothing);
a mail server that is down loses the email, never the in-app notice.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .models import Notice, User

log = logging.getLogger(__name__)


def notify(
    users: Iterable[User], subject: Callable[[], str], body: Callable[[], str] = lambda: "", url: str = ""
) -> list[Notice]:
    """Create one notice per user (one INSERT) and queue their emails for after the commit."""
    notices, mails = [], []
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            text_subject, text_body = str(subject()), str(body())
        notices.append(Notice(user=user, subject=text_subject[:255], body=text_body, url=url))
        if user.email:
            mails.append((text_subject, text_body + (f"\n\n{settings.SITE_URL}{url}" if url else ""), user.email))
    created = Notice.objects.bulk_create(notices)
    if mails:
        transaction.on_commit(lambda: _send(mails))
    return created


def _send(mails):
    for subject, body, address in mails:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
        except Exception:  # noqa: BLE001 - a mail outage must not break the action that was already committed
            log.exception("could not send a notice email to %s", address)


def notices_unread_count(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def notices_mark_read(user, ids: Iterable[int] | None = None) -> int:
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
