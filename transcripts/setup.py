"""Menu entries of documents (called from TranscriptsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import navigation

DOCUMENTS = _("Documents")


DEMO_BLANKS = [  # kind, series, first, last
    ("diploma", "ЖБ-Б", 1, 200),
    ("diploma_honours", "ЖБ-БҮ", 1, 50),
    ("supplement", "ЖБ-БҚ", 1, 250),
]


def _seed(ctx):
    """Blanks received under acts, an official transcript and a certificate of study for the demo
    `student`, a request of a student on leave waiting in the office's queue. Idempotent."""
    import datetime

    from django.utils import timezone

    from enrollment.choices import StudentStatus
    from enrollment.models import Student
    from registrar.models import User

    from . import services
    from .models import Blank, CertificateRequest, IssuedDocument

    registrar = User.objects.filter(username="registrar").first()
    if registrar is None:
        ctx.log("documents: no demo registrar to act as; skipped")
        return
    today = timezone.localdate()
    for n, (kind, series, first, last) in enumerate(DEMO_BLANKS, start=1):
        if not Blank.objects.filter(kind=kind, series=series).exists():
            services.receive_blanks(actor=registrar, kind=kind, series=series, first_number=first, last_number=last,
                                    received_on=today - datetime.timedelta(days=30), act_number=f"{n}-БСО")  # fmt: skip
    student = Student.objects.filter(user__username="student").first()
    if student is not None and not IssuedDocument.objects.filter(student=student).exists():
        if student.results.exists():
            services.issue_transcript(actor=registrar, student=student, language="ru")
        if student.status == StudentStatus.ACTIVE:
            services.request_study_certificate(
                actor=student.user, student=student, purpose="military", addressee="", language="kk"
            )
    on_leave = Student.objects.filter(status=StudentStatus.ON_LEAVE).order_by("student_number").first()
    if on_leave is not None and not CertificateRequest.objects.filter(student=on_leave).exists():
        services.request_study_certificate(
            actor=on_leave.user or registrar, student=on_leave, purpose="social", addressee="", language="ru"
        )
    ctx.log(f"documents: {Blank.objects.count()} blanks in stock, {IssuedDocument.objects.count()} documents issued")


def setup():
    from registrar.demo import register_seeder

    register_seeder(97, "documents", _seed)
    from enrollment.card_links import CardLink, register

    register(CardLink(_("Documents"), "student_documents", "student.view", order=50, element_id="card-documents"))
    navigation.add(
        navigation.NavItem(_("Issued documents"), "document_list", "documents.manage", section=DOCUMENTS, order=610),
        navigation.NavItem(
            _("Certificate requests"), "certificate_requests", "documents.manage", section=DOCUMENTS, order=620
        ),
        navigation.NavItem(_("Verify a document"), "verify_start", "documents.manage", section=DOCUMENTS, order=650),
        navigation.NavItem(_("My documents"), "my_documents", "documents.own", section="", order=119),
    )
