"""The personal file: upload by the office, download by whoever may see the student.

Files live under MEDIA_ROOT/private/, which no URL serves; `document_download` checks
"student.view" for the document's student and streams the file itself.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrar.errors import DomainError
from registrar.policy import get_for_user, policy

from ..forms import DocumentUploadForm
from ..models import PersonalDocument, Student
from ..services.documents import document_upload


@policy("student.manage")
@require_POST
def document_add(request, pk):
    student = get_for_user(request.user, "student.manage", Student.objects.all(), pk=pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("student_detail", pk=student.pk)
    try:
        doc = document_upload(
            actor=request.user,
            student=student,
            doc_type=form.cleaned_data["doc_type"],
            uploaded_file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(name)s” added to the personal file.") % {"name": doc.original_name})
    return redirect("student_detail", pk=student.pk)


@policy("document.view")
def document_download(request, pk):
    """Stream one document to a user who may see its student (never a public URL)."""
    doc = get_for_user(
        request.user,
        "document.view",
        PersonalDocument.objects.select_related("student__programme", "student__adviser"),
        pk=pk,
    )
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file of this document is missing from the storage.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=doc.original_name, content_type=doc.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
