"""Every periodic job names a management command that exists, so the scheduler never fails on a typo."""

from __future__ import annotations

from django.core.management import get_commands

from jamlik.schedule import JOBS


def test_every_job_is_a_command() -> None:
    commands = get_commands()
    assert [job.command for job in JOBS if job.command not in commands] == []


def test_no_job_is_listed_twice() -> None:
    names = [job.command for job in JOBS]
    assert len(names) == len(set(names))
