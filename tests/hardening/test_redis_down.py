"""Issue 16: Redis stopped mid-use loses nothing and answers no 500. A real redis-server,
started by the test on its own port and stopped by it; SQLite is enough for the rows."""

import json
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.test import Client
from django.utils import timezone

from legalmap.celery import app
from legalmap.exports import services
from legalmap.exports.models import Export
from legalmap.reviews.models import Comment, Notification
from tests.reviews.conftest import comments_url

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None,
                                reason="needs the redis-server binary")


class RedisServer:
    """A throwaway redis-server: no persistence, so a restart starts empty."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"], stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 5
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=5)
            self.process = None

    def queued_tasks(self, queue="celery"):
        """(task name, args) of each message waiting in the queue."""
        raw = redis.Redis.from_url(self.url).lrange(queue, 0, -1)
        return [(m["headers"]["task"], m["headers"]["argsrepr"]) for m in map(json.loads, raw)]


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def on_redis(redis_server, settings, monkeypatch):
    """The cache, the broker and /healthz all point at the test's Redis; Celery is not
    eager, so a task is a message in Redis, as in production."""
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": redis_server.url,
                                   "OPTIONS": {"socket_connect_timeout": 1,
                                               "socket_timeout": 1}}}
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", redis_server.url)
    # The producer pool is built from the broker URL on first use: start from a fresh one.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield redis_server
    if app._pool is not None:
        app._pool.force_close_all()


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_export_requested_while_redis_is_down_is_accepted_once(
        world, api, on_redis, django_capture_on_commit_callbacks):
    on_redis.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/maps/{world['map'].pk}/exports/", {"format": "csv"},
                            format="json")

    assert response.status_code == 202
    assert list(Export.objects.values_list("status", flat=True)) == ["queued"]


def test_a_comment_posted_while_redis_is_down_is_saved_once_with_its_notification(
        world, client_for, on_redis, django_capture_on_commit_callbacks):
    on_redis.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world["reviewer"]).post(
            comments_url(world), {"link": world["support"].pk, "body": "Art. 92?"},
            format="json")

    assert response.status_code == 201
    assert Comment.objects.count() == 1
    assert list(Notification.objects.values_list("recipient__username", "emailed_at")) == [
        ("alice", None)]


def test_the_map_page_and_its_diagram_render_while_redis_is_down(world, on_redis):
    client = _logged_in(world["owner"])
    on_redis.stop()

    page = client.get(f"/maps/{world['map'].pk}/")
    svg = client.get(f"/maps/{world['map'].pk}/diagram.svg")

    assert (page.status_code, svg.status_code) == (200, 200)
    assert svg.content.startswith(b"<?xml") or b"<svg" in svg.content


def test_the_diagram_is_cached_in_redis_when_it_is_up(world, on_redis):
    client = _logged_in(world["owner"])

    client.get(f"/maps/{world['map'].pk}/diagram.svg")

    keys = redis.Redis.from_url(on_redis.url).keys("*map-svg:*")
    assert len(keys) == 1


def test_healthz_names_redis_and_answers_503_while_it_is_down(db, on_redis):
    on_redis.stop()

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "ok",
                               "redis": "down: ConnectionError",
                               "worker": "unknown: Redis is down"}


def test_healthz_answers_503_naming_the_worker_without_its_heartbeat(db, on_redis):
    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "ok",
                               "worker": "down: no worker heartbeat"}


def test_healthz_answers_200_with_redis_up_and_a_worker_beating(db, on_redis, settings):
    redis.Redis.from_url(on_redis.url).set(settings.WORKER_HEARTBEAT_KEY, "1", ex=30)

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok",
                               "worker": "ok"}


def test_the_sweeper_requeues_an_export_lost_while_redis_was_down(
        world, api, on_redis, django_capture_on_commit_callbacks):
    on_redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/maps/{world['map'].pk}/exports/", {"format": "csv"}, format="json")
    export = Export.objects.get()
    on_redis.start()  # empty: the message sent while it was down never arrived
    assert on_redis.queued_tasks() == []

    swept = services.export_sweep(now=timezone.now() + services.stale_after()
                                  + timedelta(seconds=1))

    assert swept == {"requeued": [export.pk], "sent": [export.pk], "failed": []}
    assert on_redis.queued_tasks() == [("legalmap.exports.tasks.render_export",
                                        f"({export.pk},)")]
