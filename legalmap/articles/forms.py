"""The instructor's "Add article" form: metadata plus exactly one of a file or pasted text.

The form checks shape and turns the file into text; ``services.article_create`` decides.
"""

from django import forms

from . import importing
from .models import MAX_ARTICLE_CHARS, Article

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
ALLOWED_EXTENSIONS = tuple(sorted(importing.CONVERTERS))


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=400)
    publisher = forms.CharField(max_length=200, required=False)
    author = forms.CharField(max_length=200, required=False)
    published = forms.DateField(
        label="Date published", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    url = forms.URLField(label="URL", max_length=1000, required=False, assume_scheme="https",
                         help_text="Where the article was published.")
    file = forms.FileField(
        label="Upload a file", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
        help_text=".txt, .md, .html or .htm, UTF-8, at most 2 MB. "
                  "HTML and Markdown are reduced to readable text.",
    )
    # strip=False: leading spaces can be meaningful (an indented quote); we trim only
    # the blank lines around the whole text, below.
    text = forms.CharField(
        label="Or paste the text", required=False, strip=False, max_length=MAX_ARTICLE_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Line breaks are kept: each line becomes a paragraph.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        name = upload.name or ""
        if not name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(
                "Upload a .txt, .md, .html or .htm file.", code="extension")
        # Checked before reading, so a huge upload is never decoded or parsed.
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB.", code="too_big")
        try:
            text = importing.file_to_text(name, upload.read())
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text. Save it as UTF-8 and upload it again.",
                code="encoding") from None
        if not text.strip():
            raise forms.ValidationError("The file has no readable text.", code="empty")
        if len(text) > MAX_ARTICLE_CHARS:
            raise forms.ValidationError(
                f"The text is longer than {MAX_ARTICLE_CHARS:,} characters.", code="too_long")
        self.file_text = text
        return upload

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        if text and not text.strip():
            raise forms.ValidationError("The pasted text is empty.", code="empty")
        return text.strip("\r\n")

    def clean(self):
        cleaned = super().clean()
        has_file = bool(self.files.get("file"))
        has_text = bool(self.data.get("text"))
        if has_file and has_text:
            self.add_error("file", forms.ValidationError(
                "Upload a file or paste text, not both.", code="both"))
        elif not has_file and not has_text:
            self.add_error("text", forms.ValidationError(
                "Paste the article's text or upload a file.", code="neither"))
        return cleaned

    def article_fields(self) -> dict:
        """Keyword arguments for ``services.article_create``."""
        data = self.cleaned_data
        from_file = data.get("file") is not None
        return {
            "title": data["title"], "publisher": data["publisher"], "author": data["author"],
            "published": data["published"], "url": data["url"],
            "text": self.file_text if from_file else data["text"],
            "source": Article.Source.UPLOAD if from_file else Article.Source.PASTE,
        }
