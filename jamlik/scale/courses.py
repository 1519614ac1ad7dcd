"""Two published courses of eight lessons, and the learners' enrolments, progress and completions.

The courses are built as drafts and published through ``versions.publish_version``, as the demo
does. The learners' rows are the ones ``courses.actions`` writes (an enrolment per course, one
``LessonProgress`` per lesson done, one ``Completion`` with the organisation and unit of the
person's membership), inserted with one ``INSERT … SELECT`` per table so a million people take
seconds rather than hours. Who does what is a fixed function of the person's id (``_pick``),
and every statement inserts only what is missing, so running it again adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from jamlik.courses import versions
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Audience, Block, Course, CourseVersion, Lesson, Module, Topic, VersionStatus
from jamlik.scale.people import EMAIL_SUFFIX


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    topic: str
    multiplier: int  # the person's draw is (id * multiplier + 7) mod 1000
    enrolled_below: int  # draws under this are enrolled (per mille)
    completed_below: int  # draws under this have done every lesson


COURSES = [
    CourseSpec("skala-bemotande", "Bemötande i offentlig verksamhet (syntetisk)", Topic.TREATMENT, 7919, 850, 500),
    CourseSpec(
        "skala-diskrimineringslagen",
        "Diskrimineringslagen i praktiken (syntetisk)",
        Topic.DISCRIMINATION_LAW,
        40503,
        300,
        120,
    ),
]
LESSONS = 8
MODULES = 2

_TEXT = (
    "Den här lektionen är syntetiskt innehåll för prestandamätningar. Den är lagom lång för att "
    "sidan ska likna en riktig lektion: **rubriker**, stycken och en lista.\n\n"
    "- Alla ska bemötas med respekt.\n- Diskrimineringslagen gäller i all offentlig verksamhet.\n"
    "- Fråga hellre än att gissa vad någon behöver.\n"
)


def _build(spec: CourseSpec) -> Course:
    course = versions.create_course(None, slug=spec.slug, title=spec.title, topic=spec.topic)
    draft = course.versions.get()
    draft.summary = "Syntetisk kurs för prestandamätningar."
    draft.audience = Audience.ALL_ORGANISATIONS
    draft.save()
    per_module = LESSONS // MODULES
    for m in range(1, MODULES + 1):
        module = Module.objects.create(version=draft, position=m, title=f"Del {m}")
        for n in range(1, per_module + 1):
            lesson = Lesson.objects.create(
                module=module, version=draft, position=n, title=f"Lektion {(m - 1) * per_module + n}"
            )
            Block.objects.create(lesson=lesson, position=1, kind=BlockKind.TEXT, data={"markdown": _TEXT})
            Block.objects.create(
                lesson=lesson,
                position=2,
                kind=BlockKind.REFLECTION,
                data={"prompt": "Hur gör ni detta på din arbetsplats?"},
            )
    versions.publish_version(None, draft)
    course.refresh_from_db()
    return course


@transaction.atomic
def ensure_courses() -> list[Course]:
    courses = []
    for spec in COURSES:
        course = Course.objects.filter(slug=spec.slug, published_version__isnull=False).first()
        courses.append(course or _build(spec))
    return courses


def _draw(spec: CourseSpec, column: str) -> str:
    return f"(({column} * {spec.multiplier} + 7) %% 1000)"


def _lessons_done(spec: CourseSpec, column: str) -> str:
    """SQL for the number of lessons a person has done: all if completed, else 0-7 from the draw."""
    draw = _draw(spec, column)
    return f"(CASE WHEN {draw} < {spec.completed_below} THEN {LESSONS} ELSE {draw} %% {LESSONS} END)"


def _plus_seconds(base: str, seconds: str) -> str:
    if connection.vendor == "postgresql":
        return f"({base} + ({seconds}) * interval '1 second')"
    return f"datetime({base}, '+' || ({seconds}) || ' seconds')"


def _moment_param(moment: datetime.datetime) -> datetime.datetime | str:
    if connection.vendor == "postgresql":
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S")


def _new_uuid() -> str:
    """SQL for a random id per row, as ``public_id`` holds it (a UUID; 32 hex digits on SQLite)."""
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    return "lower(hex(randomblob(16)))"


def _cast_param() -> str:
    return "CAST(%s AS timestamp with time zone)" if connection.vendor == "postgresql" else "%s"


def _lesson_rank(lessons: list[Lesson], column: str) -> str:
    whens = " ".join(f"WHEN {lesson.pk} THEN {rank}" for rank, lesson in enumerate(lessons))
    return f"(CASE {column} {whens} END)"


def ensure_learning(courses: list[Course], start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """Enrolments, progress and completions for the synthetic people, spread over [start, end)."""
    span = max(3600, int((end - start).total_seconds()) - 3600)
    counts = {"enrolments": 0, "progress": 0, "completions": 0}
    for spec, course in zip(COURSES, courses, strict=True):
        version = CourseVersion.objects.get(course=course, status=VersionStatus.PUBLISHED)
        lessons = list(version.ordered_lessons())
        # One transaction per statement, with fresh statistics before each: the next statement's
        # plan must see the rows the previous one committed. Each statement inserts only what is
        # missing, so an interrupted run resumes where it stopped: the table's unique constraint
        # skips a row that is there (ON CONFLICT DO NOTHING), with no anti-join over the table
        # being filled. An anti-join (NOT EXISTS) planned while that table had no statistics
        # scanned the growing table once per row: over 15 minutes for the progress of a million
        # people from empty, against about 100 s after ANALYZE (issue 21).
        with connection.cursor() as cursor:
            _analyze(cursor, "people_user", "people_membership", "courses_enrolment")
            with transaction.atomic():
                counts["enrolments"] += _enrol(cursor, spec, course, version, lessons, start, span)
            _analyze(cursor, "courses_enrolment", "courses_lessonprogress")
            with transaction.atomic():
                counts["progress"] += _progress(cursor, spec, course, lessons)
            _analyze(cursor, "courses_lessonprogress", "courses_completion")
            with transaction.atomic():
                counts["completions"] += _complete(cursor, spec, course)
    return counts


def _analyze(cursor: CursorWrapper, *tables: str) -> None:
    """Fresh planner statistics after a bulk insert: without them PostgreSQL still believes the
    tables are nearly empty and joins a million rows by nested loops instead of hashing."""
    for table in tables:
        cursor.execute(f"ANALYZE {table}")


def _enrol(
    cursor: CursorWrapper,
    spec: CourseSpec,
    course: Course,
    version: CourseVersion,
    lessons: list[Lesson],
    start: datetime.datetime,
    span: int,
) -> int:
    done = _lessons_done(spec, "u.id")
    moment = _plus_seconds(_cast_param(), f"(u.id * 2654435761) %% {span}")
    resume = " ".join(f"WHEN {done} = {rank} THEN {lesson.pk}" for rank, lesson in enumerate(lessons))
    finished = _plus_seconds(moment, str(60 * (LESSONS + 1)))
    sql = f"""
        INSERT INTO courses_enrolment
            (public_id, user_id, course_id, version_id, source, created_at, last_lesson_id, completed_at)
        SELECT {_new_uuid()}, u.id, %s, %s, 'self', {moment}, CASE {resume} ELSE {lessons[-1].pk} END,
               CASE WHEN {done} = {LESSONS} THEN {finished} ELSE NULL END
        FROM people_user u
        WHERE u.email LIKE %s AND {_draw(spec, "u.id")} < {spec.enrolled_below}
        ON CONFLICT (user_id, course_id) DO NOTHING
    """  # noqa: S608 (only integers and our own SQL fragments are formatted in)
    param = _moment_param(start)
    cursor.execute(sql, [course.pk, version.pk, param, param, "%" + EMAIL_SUFFIX])
    return int(cursor.rowcount)


def _progress(cursor: CursorWrapper, spec: CourseSpec, course: Course, lessons: list[Lesson]) -> int:
    rank = _lesson_rank(lessons, "l.id")
    sql = f"""
        INSERT INTO courses_lessonprogress (enrolment_id, lesson_id, completed_at, source, recorded_by_id)
        SELECT e.id, l.id, {_plus_seconds("e.created_at", f"60 * ({rank} + 1)")}, 'self', NULL
        FROM courses_enrolment e
        JOIN people_user u ON u.id = e.user_id
        JOIN courses_lesson l ON l.version_id = e.version_id
        WHERE e.course_id = %s AND u.email LIKE %s AND {rank} < {_lessons_done(spec, "u.id")}
        ON CONFLICT (enrolment_id, lesson_id) DO NOTHING
    """  # noqa: S608
    cursor.execute(sql, [course.pk, "%" + EMAIL_SUFFIX])
    return int(cursor.rowcount)


def _complete(cursor: CursorWrapper, spec: CourseSpec, course: Course) -> int:
    sql = f"""
        INSERT INTO courses_completion
            (public_id, enrolment_id, user_id, course_id, version_id, organisation_id, unit_id, completed_at, source)
        SELECT {_new_uuid()}, e.id, e.user_id, e.course_id, e.version_id, m.organisation_id, m.unit_id, e.completed_at, 'self'
        FROM courses_enrolment e
        JOIN people_user u ON u.id = e.user_id
        JOIN people_membership m ON m.user_id = e.user_id AND m.valid_to IS NULL
        WHERE e.course_id = %s AND u.email LIKE %s AND e.completed_at IS NOT NULL
        ON CONFLICT (enrolment_id) DO NOTHING
    """  # noqa: S608 (only our own SQL fragment is formatted in)
    cursor.execute(sql, [course.pk, "%" + EMAIL_SUFFIX])
    return int(cursor.rowcount)
