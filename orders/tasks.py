"""Long work of orders: the PDF of a large signed order (an admission list of thousands of lines).

A signed order never changes, so its PDF is rendered once per language and kept in private
storage (never under a public URL; served by the order_pdf view after its policy check).
Idempotent: running it again finds the stored file.
"""

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def stored_pdf_path(order, lang: str) -> str:
    return f"private/orders/{order.pk}/order-{lang}-{order.signed_at:%Y%m%d%H%M%S}.pdf"


@shared_task
def order_pdf_build(order_id: int, lang: str) -> str:
    from .documents import order_pdf
    from .models import Order

    order = Order.objects.get(pk=order_id)
    path = stored_pdf_path(order, lang)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(order_pdf(order, lang)))
    return path
