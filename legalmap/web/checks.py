"""Start-up checks for the Debian packages legalmap calls outside Python.

Warnings, not errors: the API and the reader work without them, but diagrams need
Graphviz's ``dot`` and PDF exports need Pango. Each message says what to install.
"""

import ctypes.util
import shutil

from django.core.checks import Warning, register


@register()
def system_packages(app_configs, **kwargs):
    problems = []
    if shutil.which("dot") is None:
        problems.append(Warning(
            "Graphviz's `dot` is not on PATH: map diagrams cannot be drawn.",
            hint="apt-get install graphviz (or run `make run`, which installs it).",
            id="legalmap.W001",
        ))
    if ctypes.util.find_library("pango-1.0") is None:
        problems.append(Warning(
            "The Pango library is missing: PDF exports cannot be rendered.",
            hint="apt-get install libpango-1.0-0 libpangoft2-1.0-0",
            id="legalmap.W002",
        ))
    return problems
