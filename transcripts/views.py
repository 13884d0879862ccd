"""Documents pages: the registry (list, one document, its PDF, issue, duplicate, revoke), the queue of
certificate requests, the student's own documents, and the public verification page."""

import django_tables2 as tables
from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enrollment.models import Student
from enrollment.policies import own_student
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import PUBLIC, get_for_user, may, policy

from . import documents, services
from .forms import (
    DocumentFilter,
    DuplicateForm,
    IssueForm,
    NationalNumberForm,
    ReasonForm,
    RequestFilter,
    StudyCertificateRequestForm,
    VerifyCodeForm,
    VerifyUploadForm,
)
from .models import GRADUATE_KINDS, CertificateRequest, DocumentLanguage, IssuedDocument, RequestStatus

DOCUMENTS = IssuedDocument.objects.select_related("student__programme", "issued_by", "original")


class DocumentTable(tables.Table):
    number = tables.LinkColumn("document_detail", args=[tables.A("pk")], verbose_name=gettext_lazy("number"))
    kind = tables.Column(verbose_name=gettext_lazy("document"))
    holder_name = tables.Column(
        verbose_name=gettext_lazy("holder"), order_by=("student__last_name", "student__first_name")
    )
    student_number = tables.Column(verbose_name=gettext_lazy("student ID number"), accessor="student__student_number")
    language = tables.Column(verbose_name=gettext_lazy("language"))
    issued_at = tables.DateTimeColumn(verbose_name=gettext_lazy("issued at"), format="d.m.Y H:i")
    issued_by = tables.Column(verbose_name=gettext_lazy("issued by"))
    status = tables.Column(verbose_name=gettext_lazy("status"))
    original = tables.Column(verbose_name=gettext_lazy("duplicate of"), accessor="original__number")

    class Meta:
        model = IssuedDocument
        fields = [
            "number",
            "kind",
            "holder_name",
            "student_number",
            "language",
            "issued_at",
            "issued_by",
            "status",
            "original",
        ]
        order_by = ("-issued_at",)
        attrs = {"class": "table table-sm table-hover", "id": "document-table"}


class RequestTable(tables.Table):
    student = tables.LinkColumn(
        "student_documents", args=[tables.A("student_id")], verbose_name=gettext_lazy("student"),
        order_by=("student__last_name", "student__first_name"),
    )  # fmt: skip
    student_status = tables.Column(verbose_name=gettext_lazy("student status"), accessor="student__status")
    purpose = tables.Column(verbose_name=gettext_lazy("purpose"))
    addressee = tables.Column(verbose_name=gettext_lazy("to be presented to"))
    language = tables.Column(verbose_name=gettext_lazy("language"))
    requested_at = tables.DateTimeColumn(verbose_name=gettext_lazy("requested at"), format="d.m.Y H:i")
    status = tables.Column(verbose_name=gettext_lazy("status"))
    queue_reason = tables.Column(verbose_name=gettext_lazy("why it waits"))
    document = tables.Column(verbose_name=gettext_lazy("document"), accessor="document__number")
    actions = tables.TemplateColumn(
        template_name="transcripts/_request_actions.html", verbose_name="", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = CertificateRequest
        fields = [
            "student",
            "student_status",
            "purpose",
            "addressee",
            "language",
            "requested_at",
            "status",
            "queue_reason",
            "document",
        ]
        attrs = {"class": "table table-sm table-hover", "id": "request-table"}

    def render_student_status(self, record):
        return record.student.get_status_display()


def _form_errors(form, exc: DomainError):
    for message in exc.errors:
        form.add_error(exc.field if exc.field in form.fields else None, message)


def _pdf(document: IssuedDocument, *, attachment: bool) -> FileResponse:
    try:
        handle = document.pdf.open("rb")
    except FileNotFoundError:
        raise Http404(_("The stored PDF of this document is missing.")) from None
    return FileResponse(
        handle, as_attachment=attachment, filename=f"{document.number}.pdf", content_type="application/pdf"
    )


# --- the registry ----------------------------------------------------------------------------------


@policy("documents.manage")
def document_list(request):
    return list_page(
        request,
        queryset=DOCUMENTS,
        filterset_class=DocumentFilter,
        table_class=DocumentTable,
        template="transcripts/document_list.html",
        export_name="issued-documents",
    )


@policy("documents.view")
def document_detail(request, pk):
    document = get_for_user(request.user, "documents.view", DOCUMENTS, pk=pk)
    duplicates = list(document.duplicates.select_related("issued_by").order_by("issued_at"))
    office = may(request.user, "documents.manage")
    return render(
        request,
        "transcripts/document_detail.html",
        {
            "document": document,
            "duplicates": duplicates,
            "code": documents.format_code(document.verification_code),
            "verify_url": documents.verification_url(document.verification_code),
            "blank": getattr(document, "blank", None) if office else None,
            "office": office,
            "may_revoke": may(request.user, "documents.revoke", document) and document.is_valid,
            "duplicate_form": DuplicateForm() if office else None,
            "revoke_form": ReasonForm(),
            "national_form": NationalNumberForm(initial={"national_number": document.national_number})
            if office and document.kind in GRADUATE_KINDS
            else None,
        },
    )


@policy("documents.view")
def document_pdf(request, pk):
    document = get_for_user(request.user, "documents.view", IssuedDocument.objects.select_related("student"), pk=pk)
    return _pdf(document, attachment=request.GET.get("download") == "1")


@policy("documents.manage")
def document_issue(request):
    initial = {}
    if request.GET.get("student"):
        student = Student.objects.filter(pk=request.GET["student"]).first()
        if student is not None:
            initial["student"] = student.student_number
    if request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.issue_document(
                actor=request.user,
                student=data["student"],
                kind=data["kind"],
                language=data["language"],
                purpose=data.get("purpose") or "",
                addressee=data.get("addressee") or "",
                blank=data.get("blank"),
            )
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Issued %(document)s.") % {"document": document})
            return redirect("document_detail", pk=document.pk)
    return render(request, "transcripts/document_issue.html", {"form": form})


@policy("documents.manage")
@require_POST
def document_duplicate(request, pk):
    original = get_for_user(request.user, "documents.manage", IssuedDocument.objects.all(), pk=pk)
    form = DuplicateForm(request.POST)
    if form.is_valid():
        try:
            document = services.issue_duplicate(
                actor=request.user,
                original=original,
                reason=form.cleaned_data["reason"],
                blank=form.cleaned_data.get("blank"),
                revoke_original=form.cleaned_data["revoke_original"] and may(request.user, "documents.revoke"),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Issued duplicate %(number)s.") % {"number": document.number})
            return redirect("document_detail", pk=document.pk)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("document_detail", pk=pk)


@policy("documents.manage")
@require_POST
def document_national_number(request, pk):
    document = get_for_user(request.user, "documents.manage", IssuedDocument.objects.all(), pk=pk)
    form = NationalNumberForm(request.POST)
    if form.is_valid():
        try:
            services.set_national_number(
                actor=request.user, document=document, number=form.cleaned_data["national_number"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The national platform number is saved."))
    return redirect("document_detail", pk=pk)


@policy("documents.revoke")
@require_POST
def document_revoke(request, pk):
    document = get_for_user(request.user, "documents.revoke", IssuedDocument.objects.all(), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the document."))
        return redirect("document_detail", pk=pk)
    try:
        services.revoke_document(actor=request.user, document=document, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Document %(number)s is revoked.") % {"number": document.number})
    return redirect("document_detail", pk=pk)


@policy("student.view")
def student_documents(request, pk):
    """A student's documents: the registry entries and the unofficial transcript, for whoever may see
    the student (office, adviser, dean's office)."""
    student = get_for_user(request.user, "student.view", Student.objects.select_related("programme"), pk=pk)
    return render(
        request,
        "transcripts/student_documents.html",
        {
            "student": student,
            "documents": student.issued_documents.select_related("original").order_by("-issued_at"),
            "languages": DocumentLanguage.choices,
            "office": may(request.user, "documents.manage"),
        },
    )


@policy("transcript.unofficial")
def unofficial_transcript(request, pk, language):
    student = get_for_user(
        request.user, "transcript.unofficial", Student.objects.select_related("programme__faculty"), pk=pk
    )
    if language not in DocumentLanguage.values:
        raise Http404
    pdf = documents.unofficial_transcript(student, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="transcript-{student.student_number}-{language}.pdf"'
    return response


# --- certificate requests --------------------------------------------------------------------------


@policy("documents.manage")
def certificate_requests(request):
    queryset = CertificateRequest.objects.select_related("student", "document").order_by(
        Case(When(status=RequestStatus.QUEUED, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-requested_at",
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=RequestFilter,
        table_class=RequestTable,
        template="transcripts/certificate_requests.html",
        export_name="certificate-requests",
        context={"refuse_form": ReasonForm()},
    )


@policy("documents.manage")
@require_POST
def certificate_request_issue(request, pk):
    item = get_object_or_404(CertificateRequest, pk=pk)
    try:
        done = services.issue_requested(actor=request.user, request=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Issued %(document)s.") % {"document": done.document})
    return redirect("certificate_requests")


@policy("documents.manage")
@require_POST
def certificate_request_refuse(request, pk):
    item = get_object_or_404(CertificateRequest, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for refusing."))
        return redirect("certificate_requests")
    try:
        services.refuse_request(actor=request.user, request=item, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The request is refused; the student is notified."))
    return redirect("certificate_requests")


# --- the student's own documents -------------------------------------------------------------------


@policy("documents.own")
def my_documents(request):
    student = own_student(request.user)
    student = Student.objects.select_related("programme").get(pk=student.pk)
    form = StudyCertificateRequestForm(request.POST or None, initial={"language": request.user.language or "ru"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = services.request_study_certificate(
                actor=request.user,
                student=student,
                purpose=data["purpose"],
                addressee=data["addressee"],
                language=data["language"],
            )
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            if done.status == RequestStatus.ISSUED:
                messages.success(
                    request,
                    _("Certificate %(number)s is issued: download it below.") % {"number": done.document.number},
                )
            else:
                messages.info(request, done.queue_reason)
            return redirect("my_documents")
    return render(
        request,
        "transcripts/my_documents.html",
        {
            "student": student,
            "form": form,
            "documents": student.issued_documents.select_related("original").order_by("-issued_at"),
            "requests": student.certificate_requests.select_related("document").order_by("-requested_at")[:20],
            "languages": DocumentLanguage.choices,
        },
    )


# --- public verification ---------------------------------------------------------------------------


@policy(PUBLIC)
def verify_start(request):
    """Enter a code, or upload a PDF to find out whether it is a document we issued, unchanged."""
    code_form = VerifyCodeForm(request.GET or None)
    if request.GET and code_form.is_valid():
        return redirect("verify_document", code=services.normalise_code(code_form.cleaned_data["code"]) or "-")
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    context = {"code_form": code_form, "upload_form": upload_form}
    if request.method == "POST" and upload_form.is_valid():
        verdict, document = services.compare_upload(upload_form.cleaned_data["file"].read(), None)
        context.update(upload_verdict=verdict, document=document, status=services.status_verdict(document))
    return render(request, "transcripts/verify.html", context)


@policy(PUBLIC)
def verify_document(request, code):
    document = services.find_by_code(code)
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    context = {
        "document": document,
        "status": services.status_verdict(document),
        "code": documents.format_code(services.normalise_code(code)),
        "upload_form": upload_form,
        "code_form": VerifyCodeForm(),
    }
    if request.method == "POST" and upload_form.is_valid():
        verdict, _found = services.compare_upload(upload_form.cleaned_data["file"].read(), document)
        context["upload_verdict"] = verdict if document is not None else services.Verdict.UNKNOWN
    return render(request, "transcripts/verify.html", context)
