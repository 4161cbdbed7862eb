"""Export jobs: request one, claim it (once), render it, record the outcome.

A job claims itself with a conditional UPDATE (STYLE.md habit 6), so a message that Celery
delivers twice runs the render once. A job left "running" by a worker that died (SIGKILL,
OOM, a lost pool process) is re-claimable once its claim is older than
``reclaim_after()``: by then the task's hard time limit has killed any attempt that was
still alive, so the old claim can only belong to a dead worker.

The row is the record, the broker message only a nudge (issue 16): a message lost because
Redis was down, or with a worker killed as a whole, is made good by ``export_sweep``, which
Celery beat runs every minute and every worker runs when it starts. A running attempt
refreshes ``heartbeat_at`` from a thread while it renders, so "no heartbeat for
``stale_after()``" means its process is gone, not that the render is slow.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from legalmap.maps import reasoning
from legalmap.maps.models import Node
from legalmap.maps.selectors import map_graph
from legalmap.reviews import selectors as review_selectors
from legalmap.tasks_util import enqueue, enqueue_on_commit

from .bundle import Anchor, ArticleInfo, Bundle, CommentInfo, VerdictInfo
from .formats import RENDERERS
from .models import Export

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
TASK_TIME_LIMIT = 300  # seconds; the task's hard limit (tasks.py)


HEARTBEAT_SECONDS = 20  # how often a running attempt says it is alive


def stale_after() -> timedelta:
    """How long a queued or running job may go without a heartbeat before the sweeper
    queues it again (a lost message, a dead worker)."""
    return timedelta(seconds=getattr(settings, "EXPORTS_STALE_AFTER", 120))


def reclaim_after() -> timedelta:
    """How old a "running" claim must be before another attempt may take the job over."""
    seconds = getattr(settings, "EXPORTS_RECLAIM_AFTER", TASK_TIME_LIMIT + 30)
    return timedelta(seconds=seconds)


class ClaimHeld(Exception):
    """Another attempt holds the job. It may be alive (a duplicate delivery) or dead (a
    pool process killed, its message given back at once): ask again when the claim would
    be stale, and the job is then either finished or taken over — never left running."""

    def __init__(self, retry_in: float):
        super().__init__(f"claim held; retry in {retry_in:.0f} s")
        self.retry_in = retry_in


class ExportUnavailable(Exception):
    """The format cannot be rendered on this server (e.g. a missing system library)."""


def export_filename(export: Export) -> str:
    base = slugify(export.map.title)[:60] or "map"
    return f"{base}-{export.map_id}.{RENDERERS[export.format].extension}"


def export_request(*, argument_map, actor, format: str, paper: str = "a4") -> Export:
    """A queued job; its task is queued when the transaction commits."""
    from .tasks import render_export

    export = Export(map=argument_map, requested_by=actor, format=format, paper=paper)
    export.full_clean()
    export.save()
    # A broker that is down loses the message, not the job: the sweeper queues it later.
    enqueue_on_commit(render_export, export.pk)
    return export


def export_claim(*, export_id: int, now=None) -> bool:
    """Take the job for this attempt. False if it is done, failed, or held by a live attempt.

    One UPDATE decides, so two deliveries of the same message cannot both win.
    """
    now = now or timezone.now()
    stale = Q(status=Export.Status.RUNNING, started_at__lt=now - reclaim_after())
    claimable = Q(status=Export.Status.QUEUED) | stale
    won = (Export.objects.filter(claimable, pk=export_id, attempts__lt=MAX_ATTEMPTS)
           .update(status=Export.Status.RUNNING, attempts=F("attempts") + 1, started_at=now,
                   heartbeat_at=now, progress=5))
    if not won:
        # A job that died MAX_ATTEMPTS times is not retried forever: it fails, saying so.
        Export.objects.filter(stale, pk=export_id, attempts__gte=MAX_ATTEMPTS).update(
            status=Export.Status.FAILED, finished_at=now,
            error=f"The export was interrupted {MAX_ATTEMPTS} times (the worker stopped); "
                  "please request it again.")
    return bool(won)


def _progress(export_id: int, percent: int) -> None:
    Export.objects.filter(pk=export_id, status=Export.Status.RUNNING).update(
        progress=percent, heartbeat_at=timezone.now())


@contextmanager
def _heartbeat(export_id: int, attempt: int):
    """Refresh the job's heartbeat every HEARTBEAT_SECONDS while the block runs, so the
    sweeper never takes over a render that is slow but alive. The thread dies with its
    process, which is the point: a killed worker stops beating."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                Export.objects.filter(pk=export_id, status=Export.Status.RUNNING,
                                      attempts=attempt).update(heartbeat_at=timezone.now())
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"export-{export_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def export_sweep(*, now=None) -> dict:
    """Queue again every job that went quiet; fail those that died MAX_ATTEMPTS times.

    Quiet means queued or running with no heartbeat for ``stale_after()``: its message was
    lost (the broker was down when the request committed) or its worker died. Each job is
    taken by a conditional UPDATE that also refreshes its heartbeat, so two sweepers (beat
    and a starting worker) queue it once, and it is not queued again for ``stale_after()``.
    Returns the ids queued and failed, for the log.
    """
    from .tasks import render_export

    now = now or timezone.now()
    quiet = Q(heartbeat_at__lt=now - stale_after())
    unfinished = Q(status__in=[Export.Status.QUEUED, Export.Status.RUNNING])
    dead = Export.objects.filter(quiet, status=Export.Status.RUNNING,
                                 attempts__gte=MAX_ATTEMPTS)
    failed = list(dead.values_list("pk", flat=True))
    Export.objects.filter(quiet, pk__in=failed, status=Export.Status.RUNNING).update(
        status=Export.Status.FAILED, finished_at=now,
        error=f"failed: the export was interrupted {MAX_ATTEMPTS} times (the worker "
              "stopped); please request it again.")
    requeued = []
    for pk in Export.objects.filter(quiet, unfinished, attempts__lt=MAX_ATTEMPTS
                                    ).values_list("pk", flat=True):
        # Back to queued, so the next delivery claims it at once (its old claim is dead).
        if Export.objects.filter(quiet, unfinished, pk=pk).update(
                status=Export.Status.QUEUED, progress=0, heartbeat_at=now):
            requeued.append(pk)
    sent = [pk for pk in requeued if enqueue(render_export, pk)]
    if requeued or failed:
        logger.warning("export sweep: queued again %s (sent %s), failed %s",
                       requeued, sent, failed)
    return {"requeued": requeued, "sent": sent, "failed": failed}


def export_bundle(argument_map) -> Bundle:
    """The map as plain data for the renderers (a fixed number of queries)."""
    graph = map_graph(argument_map)
    # Grounded labels are what the exports show; preferred semantics (SAT) is not needed.
    evaluation = reasoning.evaluate(graph, preferred=False)
    site = settings.SITE_URL or "http://localhost:8000"
    anchors, articles, authority_urls = {}, {}, {}
    passages = (Node.objects.filter(map=argument_map)
                .select_related("article", "authority").order_by("id"))
    for node in passages:
        if node.kind == Node.Kind.PASSAGE:
            anchors[node.pk] = Anchor(node.start, node.end, node.prefix, node.suffix)
            a = node.article
            articles[a.pk] = ArticleInfo(a.pk, a.title, a.url or f"{site}/articles/{a.pk}/",
                                         a.publisher, a.published.isoformat() if a.published
                                         else "")
        elif node.kind == Node.Kind.AUTHORITY:
            authority = node.authority
            authority_urls[node.pk] = (authority.url
                                       or f"{site}/authorities/{authority.slug}/")
    verdicts = [VerdictInfo(v.link_id, v.reviewer.username, v.value, v.reason, v.created_at)
                for v in review_selectors.verdict_latest(argument_map)]
    comments = [CommentInfo(c.pk, c.link_id, c.node_id, c.target_label, c.parent_id,
                            c.author.username, c.body, c.created_at, c.resolved_at is not None)
                for c in review_selectors.comment_list(argument_map)
                if c.deleted_at is None]
    return Bundle(map_id=argument_map.pk, title=argument_map.title,
                  author=argument_map.owner.get_full_name() or argument_map.owner.username,
                  status=argument_map.get_status_display(), updated=argument_map.updated_at,
                  site_url=site, graph=graph, evaluation=evaluation, anchors=anchors,
                  articles=articles, authority_urls=authority_urls, verdicts=verdicts,
                  comments=comments)


def _reason(error: Exception) -> str:
    from legalmap.maps.diagram import DiagramError

    if isinstance(error, ExportUnavailable):
        return str(error)
    if isinstance(error, DiagramError):
        return f"The diagram could not be drawn: {error}"
    return ("The export could not be rendered because of an internal error "
            f"({type(error).__name__}); the team has been told. Please try again later.")


def export_run(*, export_id: int) -> str:
    """Claim, render, save. Returns what happened, for the task's log."""
    if not export_claim(export_id=export_id):
        held = (Export.objects.filter(pk=export_id, status=Export.Status.RUNNING)
                .values_list("started_at", flat=True).first())
        if held is not None:
            stale_at = held + reclaim_after()
            raise ClaimHeld(max(1.0, (stale_at - timezone.now()).total_seconds() + 1))
        return "skipped: the job is already done or failed"
    export = Export.objects.select_related("map__owner").get(pk=export_id)
    try:
        with _heartbeat(export_id, export.attempts):
            bundle = export_bundle(export.map)
            bundle.paper = export.paper
            _progress(export_id, 40)
            content = RENDERERS[export.format].render(bundle)
            _progress(export_id, 90)
    except Exception as error:  # every failure becomes a reason the user can read
        # Only while this attempt still holds the claim (the sweeper may have moved on).
        Export.objects.filter(pk=export_id, status=Export.Status.RUNNING,
                              attempts=export.attempts).update(
            status=Export.Status.FAILED, error=_reason(error), finished_at=timezone.now())
        if not isinstance(error, ExportUnavailable):
            logger.exception("export %s failed", export_id)
        return "failed"
    export.file.save(export_filename(export), ContentFile(content), save=False)
    with transaction.atomic():
        # Only the attempt that still holds the claim records the result.
        Export.objects.filter(pk=export_id, status=Export.Status.RUNNING,
                              attempts=export.attempts).update(
            status=Export.Status.DONE, file=export.file.name, progress=100,
            finished_at=timezone.now(), error="")
    return "done"
