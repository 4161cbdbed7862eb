"""Celery tasks of exports: take the id, re-fetch, call the service (STYLE.md habit 6)."""

from celery import shared_task

from . import services


@shared_task(
    bind=True,
    # The message is acknowledged only after the task returns, and given back to the broker
    # if the pool process dies; the claim in ``export_run`` makes a second delivery a no-op.
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=services.TASK_TIME_LIMIT - 30,
    time_limit=services.TASK_TIME_LIMIT,
    # Only for ClaimHeld: wait out a claim that may belong to a dead attempt.
    max_retries=services.MAX_ATTEMPTS + 2,
)
def render_export(self, export_id: int) -> str:
    try:
        return services.export_run(export_id=export_id)
    except services.ClaimHeld as held:
        raise self.retry(countdown=held.retry_in, exc=held) from None


@shared_task(
    # A sweep is cheap and idempotent; a lost one is made good by the next beat tick.
    ignore_result=True,
    soft_time_limit=50,
    time_limit=60,
)
def sweep_exports() -> dict:
    return services.export_sweep()
