"""Candidate uploads: refused while streaming when too large, judged by content, never by name.

OWASP File Upload Cheat Sheet: allow-list of types checked on the bytes, size limit enforced
before storage, generated storage names, the original name kept only as clean metadata.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

# markup that makes a file render as a web page if a browser ever sniffs it
POLYGLOT_MARKERS = re.compile(rb"<(?:!doctype html|html|script|iframe|svg|object|embed)\b", re.I)
# names that only occur in a PDF that runs code, launches programs or carries other files
# (an /OpenAction that merely opens page 1 is common and harmless: it is looked at below)
PDF_ACTIVE_MARKERS = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)\b")
DANGEROUS_PDF_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE"}
# a photo of a diploma needs far fewer pixels; more is a decompression bomb
MAX_IMAGE_PIXELS = 60_000_000


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading a file as soon as it passes DOCUMENT_MAX_BYTES.

    The rest of the file is skipped, not stored: the next handlers drop what they had
    received (Django closes, and so deletes, their temporary file). The view learns which
    fields were refused from `request.oversized_uploads`.
    """

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.DOCUMENT_MAX_BYTES:
            if not hasattr(self.request, "oversized_uploads"):
                self.request.oversized_uploads = set()
            self.request.oversized_uploads.add(self.field_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large_message() -> str:
    # in whole megabytes, as the help text puts it ("10 MB", "10 Mo"), not filesizeformat's
    # "10.0 MB" and "10,0 Mio"
    return _(
        "The file is larger than %(megabytes)d MB. Reduce it (for example, scan it in black "
        "and white or at 150 dpi) and upload it again."
    ) % {"megabytes": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}


@dataclass(frozen=True)
class InspectedFile:
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def inspect_document(uploaded: UploadedFile) -> InspectedFile:
    """Accept a PDF, JPEG or PNG judged by its bytes; refuse anything else with a reason."""
    if uploaded.size is not None and uploaded.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    uploaded.seek(0)
    content = uploaded.read(settings.DOCUMENT_MAX_BYTES + 1)
    if len(content) > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")

    if content.startswith(b"%PDF-"):
        content_type = "application/pdf"
        _check_pdf(content)
    elif content.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
        _check_image(content, "JPEG")
    elif content.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = "image/png"
        _check_image(content, "PNG")
    else:
        raise ValidationError(
            _(
                "Only PDF, JPEG and PNG files are accepted, and this file is none of them, "
                "whatever its name says."
            ),
            code="type",
        )
    if POLYGLOT_MARKERS.search(content):
        raise ValidationError(
            _(
                "This file also contains web page code, which is not accepted. Save or scan "
                "the document again and upload the new copy."
            ),
            code="polyglot",
        )
    return InspectedFile(content, content_type, hashlib.sha256(content).hexdigest())


def _check_pdf(content: bytes) -> None:
    damaged = ValidationError(
        _("This PDF is incomplete or damaged. Save or scan it again and upload the new copy."),
        code="damaged",
    )
    end = content.rfind(b"%%EOF")
    if end == -1:
        raise damaged
    if content[end + len(b"%%EOF") :].strip():
        raise ValidationError(
            _(
                "This PDF has content after its end, which is not accepted. Save or print it "
                "to a new PDF and upload that."
            ),
            code="trailing",
        )
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password. Upload a copy without protection."),
                code="encrypted",
            )
        if len(reader.pages) == 0:
            raise damaged
        root = reader.trailer["/Root"]
        names = root.get("/Names") or {}
        open_action = root.get("/OpenAction")
        open_action = open_action.get_object() if open_action is not None else None
        has_actions = (
            "/AA" in root
            or "/JavaScript" in names
            or "/EmbeddedFiles" in names
            or (isinstance(open_action, dict) and open_action.get("/S") in DANGEROUS_PDF_ACTIONS)
        )
    except ValidationError:
        raise
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, OSError) as error:
        raise damaged from error
    if has_actions or PDF_ACTIVE_MARKERS.search(content):
        raise ValidationError(
            _(
                "This PDF contains scripts, attachments or automatic actions, which are not "
                "accepted. Print it to a new PDF and upload that."
            ),
            code="active_content",
        )


def _check_image(content: bytes, expected_format: str) -> None:
    damaged = ValidationError(
        _("This image is incomplete or damaged. Take or save it again and upload the new copy."),
        code="damaged",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != expected_format:
                    raise damaged
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise damaged
                image.verify()
            # verify() misses truncated pixel data: decoding finds it
            with Image.open(io.BytesIO(content)) as image:
                image.load()
    except ValidationError:
        raise
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as error:
        raise damaged from error


_UNSAFE_NAME_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\"<>:|?*\\/]")


def clean_original_name(name: str) -> str:
    """The uploaded file's name as harmless metadata: no path, no control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]  # no directories, whichever separator
    name = _UNSAFE_NAME_CHARACTERS.sub("", name).strip(" .")
    return name[:150] or "document"
