import shutil
import subprocess

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Issued PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pdf_text(tmp_path):
    """pdf_text(bytes) -> the text of the PDF (pdftotext -layout)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")

    def read(content: bytes) -> str:
        path = tmp_path / "read.pdf"
        path.write_bytes(content)
        command = ["pdftotext", "-layout", str(path), "-"]
        return subprocess.run(command, capture_output=True, check=True, text=True).stdout

    return read
