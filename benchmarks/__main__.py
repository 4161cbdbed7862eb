"""Run every benchmark against a throw-away test database and print tables.

    make bench                      # SQLite, in-process
    DATABASE_URL=postgres://… make bench
"""

import os
import sys
import time

import django


def table(title: str, header: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    print(f"\n## {title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) + " |")


def timed(fn, repeat=5):
    """Best and median wall time of ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[0], times[len(times) // 2]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalmap.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        from benchmarks import (
            api_bench,
            diagram_bench,
            exports_bench,
            reader_bench,
            reasoning_bench,
            suggestions_bench,
        )

        print(f"# legalmap benchmarks — {connection.vendor}, Python {sys.version.split()[0]}")
        reasoning_bench.run(table, timed)
        diagram_bench.run(table, timed)
        api_bench.run(table, timed)
        reader_bench.run(table, timed)
        suggestions_bench.run(table, timed)
        exports_bench.run(table, timed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
