"""A new map from an uploaded file, AIF JSON or Argdown: shared by the API
(``POST /api/maps/import/``) and the import page."""

import json

from . import argdown_import, argdown_reader, importers

IMPORT_FORMATS = ["aif", "argdown"]
ARGDOWN_EXTENSIONS = (".argdown", ".ad")


class UnknownFormat(ValueError):
    """A format we do not import; the message says which ones we do."""


def check_format(chosen: str) -> None:
    if chosen and chosen not in IMPORT_FORMATS:
        raise UnknownFormat(f'"{chosen}" is not a format we import: send "aif" or "argdown".')


def detect_format(chosen: str, name: str, head: bytes) -> str:
    """The format asked for, else the file's extension says, else its first character (AIF
    is a JSON object; Argdown never starts with "{")."""
    if chosen:
        return chosen
    name = (name or "").lower()
    if name.endswith(ARGDOWN_EXTENSIONS):
        return "argdown"
    if name.endswith(".json"):
        return "aif"
    return "aif" if head.lstrip()[:1] == b"{" else "argdown"


def import_upload(*, upload, owner, chosen: str = "", title: str = ""):
    """The new map; ``UnknownFormat`` or ``importers.ImportRejected`` (naming the node,
    edge or line at fault) with nothing written."""
    check_format(chosen)
    # At most one byte more than an Argdown import takes, so that the reader refuses it.
    head = upload.read(argdown_reader.MAX_BYTES + 1)
    if detect_format(chosen, upload.name, head) == "argdown":
        return argdown_import.argdown_import(data=head, owner=owner, title=title)
    return importers.aif_import(data=_json(head + upload.read()), owner=owner, title=title)


def _json(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise importers.ImportRejected(f"This file is not JSON: {error}.") from None
