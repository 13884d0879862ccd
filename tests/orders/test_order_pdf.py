"""The order PDF and the extract, in Kazakh and Russian, read back with pdftotext."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse

from orders.choices import LeaveGround, OrderType
from orders.documents import extract_pdf, order_pdf
from tests.enrollment.factories_students import StudentFactory

from .factories_orders import ProgrammeFactory, applicant, draft, enrolled_student, signed

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert content.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def has_words(text: str, phrase: str) -> bool:
    """Every word of `phrase` is in the text (table cells wrap a phrase over several lines)."""
    words = set(text.split())
    return all(word in words for word in phrase.split())


def test_enrolment_order_pdf_in_kazakh_has_the_number_the_kazakh_name_and_the_wording():
    programme = ProgrammeFactory(code="6B06199", name_kk="Ақпараттық жүйелер", name_ru="Информационные системы")
    item = applicant(programme, last_name="Құрманғалиев", first_name="Нұрсұлтан", patronymic="Әлібекұлы")
    order = signed(OrderType.ENROLMENT, items=[item], basis="Қабылдау комиссиясының хаттамасы № 5")
    text = pdf_text(order_pdf(order, "kk"))
    assert "БҰЙРЫҚ" in text and f"№ {order.number}" in text
    assert "Оқуға қабылдау туралы" in text and "білім алушылар қатарына қабылдансын" in text
    assert has_words(text, "Құрманғалиев Нұрсұлтан Әлібекұлы")
    assert has_words(text, "6B06199 Ақпараттық жүйелер мемлекеттік грант")
    assert "Ректор" in text and "Тіркеу офисінің басшысы" in text


def test_the_same_order_in_russian():
    item = applicant(last_name="Құрманғалиев", first_name="Нұрсұлтан", patronymic="Әлібекұлы")
    order = signed(OrderType.ENROLMENT, items=[item])
    text = pdf_text(order_pdf(order, "ru"))
    assert "ПРИКАЗ" in text and f"№ {order.number}" in text and "от 25.08.2025" in text
    assert "О зачислении" in text and "Зачислить в число обучающихся" in text
    assert has_words(text, "Құрманғалиев Нұрсұлтан Әлібекұлы")
    assert "Руководитель офиса регистратора" in text


def test_leave_order_names_the_period_and_the_ground():
    student = enrolled_student(last_name="Ғабитова", first_name="Іңкәр", patronymic="Ерланқызы")
    params = {"leave_ground": LeaveGround.MEDICAL, "leave_until": "2027-01-31"}
    order = signed(OrderType.ACADEMIC_LEAVE, students=[student], params=params, effective_on=datetime.date(2026, 2, 1))
    text = pdf_text(order_pdf(order, "ru"))
    assert has_words(text, "Ғабитова Іңкәр Ерланқызы с 01.02.2026 по 31.01.2027, по болезни (заключение ВКК)")
    kk = pdf_text(order_pdf(order, "kk"))
    assert has_words(kk, "01.02.2026 бастап 31.01.2027 дейін,") and "Академиялық демалыс беру туралы" in kk


def test_extract_concerns_one_student_only():
    first = enrolled_student(last_name="Әлиева", first_name="Аружан")
    second = enrolled_student(last_name="Смирнова", first_name="Ольга")
    order = signed(
        OrderType.EXPULSION,
        students=[first, second],
        params={"expulsion_ground": "own_wish"},
        effective_on=datetime.date(2026, 2, 2),
    )
    item = order.items.get(student=second)
    text = pdf_text(extract_pdf(item, "kk"))
    assert "БҰЙРЫҚТАН ҮЗІНДІ" in text and order.number in text
    assert has_words(text, "Смирнова Ольга") and "Әлиева" not in text
    assert has_words(text, "өз қалауы бойынша") and "Үзінді дұрыс" in text
    ru = pdf_text(extract_pdf(item, "ru"))
    assert "ВЫПИСКА ИЗ ПРИКАЗА" in ru and has_words(ru, "по собственному желанию")


def test_a_draft_prints_as_a_draft_without_a_number():
    order = draft(OrderType.PROMOTION, students=[StudentFactory()], effective_on=datetime.date(2026, 9, 1))
    text = pdf_text(order_pdf(order, "ru"))
    assert "ПРОЕКТ" in text and has_words(text, "с 1 на 2 курс") and "№ ____" in text


def test_pdf_views_answer_in_the_language_asked_and_the_student_gets_their_own_extract(users, client_for):
    student = enrolled_student(user=users["student"], last_name="Серікбаев", first_name="Дәурен")
    order = signed(
        OrderType.FUNDING_CHANGE, students=[student], params={"funding": "paid"}, effective_on=datetime.date(2026, 2, 2)
    )
    response = client_for("registrar").get(reverse("order_pdf", args=[order.pk, "kk"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Оқу негізін өзгерту туралы" in pdf_text(response.content)
    item = order.items.get()
    response = client_for("student").get(reverse("order_item_extract", args=[item.pk, "ru"]))
    assert response.status_code == 200 and has_words(pdf_text(response.content), "Серікбаев Дәурен")
    assert client_for("another_student").get(reverse("order_item_extract", args=[item.pk, "ru"])).status_code == 403
    assert client_for("student").get(reverse("order_pdf", args=[order.pk, "ru"])).status_code == 403
    assert client_for("registrar").get(reverse("order_pdf", args=[order.pk, "en"])).status_code == 404


def test_a_large_signed_order_pdf_is_built_once_by_a_task_and_kept(client_for, monkeypatch, settings, tmp_path):
    from orders import documents, views

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(views, "LARGE_ORDER_ITEMS", 1)
    calls = []
    original = documents.order_pdf
    monkeypatch.setattr(documents, "order_pdf", lambda order, lang: calls.append(lang) or original(order, lang))
    order = signed(OrderType.ENROLMENT, items=[applicant(), applicant()])
    client = client_for("registrar")
    first = client.get(reverse("order_pdf", args=[order.pk, "kk"]))
    second = client.get(reverse("order_pdf", args=[order.pk, "kk"]))
    assert first.status_code == second.status_code == 200
    assert b"".join(second.streaming_content).startswith(b"%PDF") and calls == ["kk"]
    assert list((tmp_path / "private" / "orders" / str(order.pk)).iterdir())


def test_while_the_task_builds_the_pdf_the_page_waits(client_for, monkeypatch, settings, tmp_path):
    from orders import tasks, views

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(views, "LARGE_ORDER_ITEMS", 1)

    class Pending:
        def ready(self):
            return False

    monkeypatch.setattr(tasks.order_pdf_build, "delay", lambda *args: Pending())
    order = signed(OrderType.ENROLMENT, items=[applicant(), applicant()])
    response = client_for("registrar").get(reverse("order_pdf", args=[order.pk, "ru"]))
    assert response.status_code == 202 and 'id="pdf-wait"' in response.content.decode()
    assert '<meta http-equiv="refresh"' in response.content.decode()
