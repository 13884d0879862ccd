"""The personal file (личное дело): uploads kept outside any public URL.

A file is accepted only if it is small enough and its first bytes are those of a PDF, JPEG or PNG
matching its extension: the extension alone proves nothing. Nothing is written when a check fails.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.policy import require

from ..choices import DocumentType
from ..models import PersonalDocument, Student

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    """The size limit: settings.PERSONAL_DOCUMENT_MAX_BYTES, 10 MB by default."""
    return getattr(settings, "PERSONAL_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


# kind -> (content type, extensions, leading bytes)
KINDS = {
    "pdf": ("application/pdf", (".pdf",), (b"%PDF-",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "png": ("image/png", (".png",), (b"\x89PNG\r\n\x1a\n",)),
}
ALLOWED_EXTENSIONS = tuple(ext for _ct, exts, _m in KINDS.values() for ext in exts)


def sniff(head: bytes) -> str | None:
    """The kind ('pdf', 'jpeg', 'png') whose signature starts `head`, else None."""
    for kind, (_ct, _exts, magics) in KINDS.items():
        if any(head.startswith(m) for m in magics):
            return kind
    return None


def human_size(size: int) -> str:
    """10 MB, 10.5 MB, 300 KB: how the office reads a size."""
    if size >= 1024 * 1024:
        return _("%(n)s MB") % {"n": f"{size / (1024 * 1024):.1f}".removesuffix(".0")}
    return _("%(n)s KB") % {"n": max(1, round(size / 1024))}


def document_check(name: str, size: int, head: bytes) -> str:
    """The kind of an upload, or a DomainError naming the file and the rule it breaks."""
    limit = max_bytes()
    if size > limit:
        raise DomainError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": human_size(size), "limit": human_size(limit)},
            field="file",
        )
    if size == 0:
        raise DomainError(_("“%(name)s” is empty.") % {"name": name}, field="file")
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS:
        raise DomainError(
            _("“%(name)s” is not allowed: only PDF, JPG and PNG files are accepted.") % {"name": name}, field="file"
        )
    kind = sniff(head)
    if kind is None:
        raise DomainError(
            _("“%(name)s” is not a real PDF, JPG or PNG file: its content does not match any of them.")
            % {"name": name},
            field="file",
        )
    if ext not in KINDS[kind][1]:
        raise DomainError(
            _("“%(name)s” is named %(ext)s but its content is %(kind)s; rename or convert it.")
            % {"name": name, "ext": ext, "kind": kind.upper()},
            field="file",
        )
    return kind


def document_upload(*, actor, student: Student, doc_type: str, uploaded_file, note: str = "") -> PersonalDocument:
    """Add a document to the student's personal file (the registrar's office)."""
    require(actor, "student.manage", student)
    if doc_type not in DocumentType.values:
        raise DomainError(_("Choose the document type."), field="doc_type")
    name = uploaded_file.name or "file"
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    kind = document_check(name, uploaded_file.size, head)
    with transaction.atomic():
        doc = PersonalDocument(
            student=student,
            doc_type=doc_type,
            original_name=name[:255],
            content_type=KINDS[kind][0],
            size=uploaded_file.size,
            note=note,
            uploaded_by=actor,
        )
        doc._history_user = actor
        doc.file.save(name, uploaded_file, save=False)
        try:
            doc.save()
        except Exception:
            doc.file.delete(save=False)  # no orphan file if the row cannot be written
            raise
    return doc
