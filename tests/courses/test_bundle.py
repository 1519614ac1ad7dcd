"""Course bundles: export, import into another organisation, and every way a bundle can be bad."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jamlik.audit.models import AuditEntry
from jamlik.courses import bundle
from jamlik.courses.authoring import content
from jamlik.courses.models import Audience, Block, BundleImport, Course, CourseVersion, Lesson, Module, VersionStatus
from jamlik.courses.versions import create_course, publish_version, publishing_problems
from jamlik.people.models import Organisation, User
from tests.courses.authoring_kit import MP4, PNG, VTT, in_english, use_tmp_media
from tests.courses.factories import check_data


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Path:
    return use_tmp_media(settings, tmp_path)


@pytest.fixture
def published(org_a: Organisation, coordinator_a: User) -> Course:
    """A published course of organisation A with every kind of block, and media files."""
    from django.core.files.base import ContentFile

    course = create_course(coordinator_a, slug="bemotande", title="Bemötande", owner=org_a, topic="discrimination_law")
    version = course.versions.get()
    version.summary, version.estimated_minutes, version.pass_mark = "Om gott bemötande.", 40, 75
    version.order_mode, version.issues_diploma = "sequential", True
    version.save()
    one = content.add_module(coordinator_a, version, title="Grunderna")
    two = content.add_module(coordinator_a, version, title="Lagen")
    first = content.add_lesson(coordinator_a, one, title="Vad är bemötande?")
    second = content.add_lesson(coordinator_a, two, title="De sju grunderna")
    content.add_block(coordinator_a, first, kind="text", data={"markdown": "Alla har rätt till **respekt**."})
    content.add_block(
        coordinator_a, first, kind="image", data={"alt": "En disk"}, file=ContentFile(PNG, name="disk.png")
    )
    content.add_block(
        coordinator_a,
        first,
        kind="video",
        data={"transcript": "Hej."},
        file=ContentFile(MP4, name="film.mp4"),
        captions=ContentFile(VTT, name="film.vtt"),
    )
    content.add_block(coordinator_a, second, kind="knowledge_check", data=check_data())
    content.add_block(coordinator_a, second, kind="reflection", data={"prompt": "Vad tar du med dig?"})
    content.add_block(
        coordinator_a,
        second,
        kind="scenario",
        data={
            "situation": "En besökare …",
            "choices": [{"id": "a", "text": "A", "feedback": "Bra."}, {"id": "b", "text": "B", "feedback": "Nja."}],
        },
    )
    publish_version(coordinator_a, version)
    course.refresh_from_db()
    return course


def exported(course: Course) -> bytes:
    target = io.BytesIO()
    bundle.export_course(course, target)
    return target.getvalue()


def shape(version: CourseVersion) -> list[Any]:
    """Everything about a version's content that a round trip must keep, without ids."""
    result = []
    for module in Module.objects.filter(version=version).order_by("position"):
        lessons = []
        for lesson in Lesson.objects.filter(module=module).order_by("position"):
            blocks = [
                (b.kind, b.data, b.file.read() if b.file else None, b.captions.read() if b.captions else None)
                for b in Block.objects.filter(lesson=lesson).order_by("position")
            ]
            lessons.append((lesson.title, blocks))
        result.append((module.title, lessons))
    return result


def settings_of(version: CourseVersion) -> tuple[Any, ...]:
    return (
        version.title,
        version.summary,
        version.language,
        version.estimated_minutes,
        version.audience,
        version.order_mode,
        version.pass_mark,
        version.issues_diploma,
        version.course.topic,
    )


@pytest.mark.django_db
def test_a_course_survives_export_and_import_with_the_same_structure_and_content(
    published: Course, org_b: Organisation
) -> None:
    imported = bundle.import_course(None, org_b, io.BytesIO(exported(published)))
    assert imported.pk != published.pk
    assert imported.owner == org_b
    assert imported.slug == "bemotande-2"
    assert imported.published_version is None
    new = imported.versions.get()
    assert new.status == VersionStatus.DRAFT
    old = published.published_version
    assert old is not None
    assert settings_of(new) == settings_of(old)
    assert shape(new) == shape(old)
    old_keys = set(Lesson.objects.filter(version=old).values_list("key", flat=True))
    assert old_keys.isdisjoint(Lesson.objects.filter(version=new).values_list("key", flat=True))
    assert (
        not Block.objects.filter(lesson__version=new, file__in=Block.objects.filter(lesson__version=old).values("file"))
        .exclude(file="")
        .exists()
    )
    entry = AuditEntry.objects.get(action="course.imported")
    assert entry.organisation == org_b
    assert entry.after is not None and entry.after["blocks"] == 6 and entry.after["files"] == 3


@pytest.mark.django_db
def test_the_manifest_is_versioned_and_names_its_media(published: Course) -> None:
    with zipfile.ZipFile(io.BytesIO(exported(published))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert (manifest["format"], manifest["format_version"]) == ("jamlik-course-bundle", 1)
    assert manifest["course"]["title"] == "Bemötande"
    files = [b["file"] for m in manifest["modules"] for ls in m["lessons"] for b in ls["blocks"] if b["file"]]
    assert len(files) == 2 and all(f in names and f.startswith("media/") for f in files)


@pytest.mark.django_db
def test_chosen_organisations_become_the_importing_organisation(
    published: Course, org_a: Organisation, org_b: Organisation
) -> None:
    version = published.published_version
    assert version is not None
    CourseVersion.objects.filter(pk=version.pk).update(audience=Audience.CHOSEN_ORGANISATIONS)
    version.organisations.set([org_a])
    published.refresh_from_db()
    imported = bundle.import_course(None, org_b, io.BytesIO(exported(published)))
    assert list(imported.versions.get().organisations.all()) == [org_b]


@pytest.mark.django_db
def test_an_unpublished_course_cannot_be_exported(org_a: Organisation) -> None:
    course = create_course(None, slug="utkast", title="Utkast", owner=org_a)
    with translation.override("en"), pytest.raises(bundle.BundleError, match="no published version"):
        bundle.export_course(course, io.BytesIO())


# --- Bad bundles: a clear error and nothing saved ------------------------------------------


def rezipped(source: bytes, *, manifest: Any = None, extra: dict[str, bytes] | None = None, drop: str = "") -> bytes:
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            data = zin.read(info)
            if info.filename == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return target.getvalue()


def refused(data: bytes, organisation: Organisation) -> str:
    before = (Course.objects.count(), Block.objects.count(), AuditEntry.objects.count())
    with translation.override("en"), pytest.raises(bundle.BundleError) as caught:
        bundle.import_course(None, organisation, io.BytesIO(data))
    assert (Course.objects.count(), Block.objects.count(), AuditEntry.objects.count()) == before
    return " | ".join(caught.value.messages)


def set_kind(kind: str) -> Any:
    def change(manifest: dict[str, Any]) -> dict[str, Any]:
        manifest["modules"][1]["lessons"][0]["blocks"][0]["kind"] = kind
        return manifest

    return change


@pytest.mark.django_db
def test_a_damaged_zip_is_refused(published: Course, org_b: Organisation) -> None:
    data = exported(published)
    assert "not a readable zip file" in refused(data[: len(data) // 2], org_b)
    assert "not a readable zip file" in refused(b"PK\x03\x04 not really", org_b)


def corrupted_video(source: bytes) -> bytes:
    """The bundle rewritten uncompressed, with bytes inside the video changed after its first 16."""
    data = bytearray(rezipped(source))
    at = data.index(b"ftypmp42") + 20
    data[at : at + 4] = b"XXXX"
    return bytes(data)


@pytest.mark.django_db
def test_a_damaged_member_is_refused(published: Course, org_b: Organisation) -> None:
    data = bytearray(rezipped(exported(published)))
    at = data.index(b"WEBVTT")
    data[at + 10 : at + 14] = b"XXXX"
    assert "captions.vtt is damaged" in refused(bytes(data), org_b)
    assert "damaged" in refused(corrupted_video(exported(published)), org_b)


@pytest.mark.django_db
def test_an_unknown_format_version_is_refused(published: Course, org_b: Organisation) -> None:
    data = rezipped(exported(published), manifest=lambda m: {**m, "format_version": 2})
    assert "format version 2; this installation reads version 1" in refused(data, org_b)


@pytest.mark.django_db
def test_a_zip_without_a_manifest_is_not_a_bundle(published: Course, org_b: Organisation) -> None:
    assert "no manifest.json" in refused(rezipped(exported(published), drop="manifest.json"), org_b)
    assert "not valid JSON" in refused(_bad_json(), org_b)


def _bad_json() -> bytes:
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", "{not json")
    return target.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "media/../../x.png", "media\\..\\x.png", "C:/x"])
def test_a_member_name_that_escapes_the_bundle_is_refused(published: Course, org_b: Organisation, name: str) -> None:
    data = rezipped(exported(published), extra={name: PNG})
    assert "unsafe file name" in refused(data, org_b)


@pytest.mark.django_db
def test_an_unknown_block_kind_is_refused_naming_where_it_is(published: Course, org_b: Organisation) -> None:
    message = refused(rezipped(exported(published), manifest=set_kind("hologram")), org_b)
    assert "Module 2, lesson 1, block 1: Unknown block kind “hologram”" in message


@pytest.mark.django_db
def test_block_data_that_breaks_its_schema_is_refused(published: Course, org_b: Organisation) -> None:
    def no_alt(manifest: dict[str, Any]) -> dict[str, Any]:
        manifest["modules"][0]["lessons"][0]["blocks"][1]["data"]["alt"] = ""
        return manifest

    assert "Module 1, lesson 1, block 2: Alternative text: this is required." in refused(
        rezipped(exported(published), manifest=no_alt), org_b
    )


@pytest.mark.django_db
def test_an_oversize_or_disguised_media_file_is_refused(published: Course, org_b: Organisation) -> None:
    with zipfile.ZipFile(io.BytesIO(exported(published))) as zf:
        image = next(n for n in zf.namelist() if n.endswith(".png"))
    big = rezipped(exported(published), drop=image, extra={image: PNG + b"\x00" * (5 * 1024 * 1024)})
    assert "the limit is 5.0" in refused(big, org_b)
    disguised = rezipped(exported(published), drop=image, extra={image: b"<script>alert(1)</script>"})
    assert "does not contain what its name says" in refused(disguised, org_b)


@pytest.mark.django_db
def test_a_file_missing_from_the_bundle_is_refused(published: Course, org_b: Organisation) -> None:
    def elsewhere(manifest: dict[str, Any]) -> dict[str, Any]:
        manifest["modules"][0]["lessons"][0]["blocks"][1]["file"] = "media/missing.png"
        return manifest

    assert "media/missing.png is not in the bundle" in refused(rezipped(exported(published), manifest=elsewhere), org_b)


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_no_course_and_no_stored_files(
    published: Course, org_b: Organisation, _media: Path
) -> None:
    """The video's damage shows only when it is copied, after the image was already stored."""
    before = {p for p in _media.rglob("*") if p.is_file()}
    assert "damaged" in refused(corrupted_video(exported(published)), org_b)
    assert {p for p in _media.rglob("*") if p.is_file()} == before


# --- Commands and pages ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_commands_export_and_import_a_course(published: Course, org_b: Organisation, tmp_path: Path) -> None:
    target = tmp_path / "kurs.zip"
    out = io.StringIO()
    call_command("course_export", "bemotande", str(target), stdout=out)
    assert "2 modules, 2 lessons" in out.getvalue()
    call_command("course_import", str(target), organisation="gagnef", stdout=out)
    assert Course.objects.get(slug="bemotande-2").owner == org_b
    with pytest.raises(CommandError, match="No organisation"):
        call_command("course_import", str(target), organisation="finns-inte")
    target.write_bytes(b"garbage")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("course_import", str(target), organisation="gagnef")
    assert Course.objects.count() == 2


@pytest.mark.django_db
def test_an_author_exports_and_another_organisation_imports_through_the_pages(
    as_coordinator_a: Client,
    as_coordinator_b: Client,
    published: Course,
    org_b: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    response = as_coordinator_a.get(reverse("courses:authoring:export", args=[published.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bemotande-v1.zip"'
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert as_coordinator_b.get(reverse("courses:authoring:export", args=[published.public_id])).status_code == 404

    upload = io.BytesIO(data)
    upload.name = "bemotande.zip"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator_b.post(
            reverse("courses:authoring:import_bundle"), {"bundle": upload, "owner": org_b.slug}
        )
    job = BundleImport.objects.get()
    assert response["Location"] == reverse("courses:authoring:bundle_import", args=[job.public_id])
    imported = Course.objects.get(owner=org_b)
    page = in_english(as_coordinator_b).get(response["Location"]).text
    assert reverse("courses:authoring:course", args=[imported.public_id]) in page
    assert (job.state, job.course, job.file.name) == ("done", imported, "")  # the zip is not kept
    # Nobody else sees the job.
    assert as_coordinator_a.get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_a_bad_bundle_uploaded_on_the_page_lists_its_problems(
    as_coordinator_b: Client,
    published: Course,
    org_a: Organisation,
    org_b: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    upload = io.BytesIO(rezipped(exported(published), manifest=set_kind("hologram")))
    upload.name = "bad.zip"
    client = in_english(as_coordinator_b)
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(reverse("courses:authoring:import_bundle"), {"bundle": upload, "owner": org_b.slug})
    response = client.get(posted["Location"])
    assert response.status_code == 200
    assert "Unknown block kind “hologram”" in response.text
    assert "Nothing was saved" in response.text
    # Another organisation is not a choice for this coordinator.
    upload.seek(0)
    response = client.post(reverse("courses:authoring:import_bundle"), {"bundle": upload, "owner": org_a.slug})
    assert "Select a valid choice" in response.text
    assert Course.objects.count() == 1


@pytest.mark.django_db
def test_the_bundle_page_shows_progress_without_script_and_polls_with_htmx(
    as_coordinator_b: Client, coordinator_b: User, published: Course, org_b: Organisation
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jamlik.courses import bundle_jobs

    job = bundle_jobs.start_bundle_import(
        coordinator_b, org_b, SimpleUploadedFile("b.zip", exported(published)), language="en"
    )  # the worker has not picked it up
    client = in_english(as_coordinator_b)
    url = reverse("courses:authoring:bundle_import", args=[job.public_id])
    waiting = client.get(url).text
    assert "Waiting to start" in waiting and f'href="{url}"' in waiting and 'data-hx-trigger="every 2s"' in waiting
    bundle_jobs.run_bundle_import.call(job.pk)
    assert client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    assert "Open the draft" in client.get(url).text


@pytest.mark.django_db
def test_the_demo_courses_survive_a_round_trip() -> None:
    from jamlik.courses import demo
    from jamlik.people import demo as people_demo

    people_demo.load()  # the demo's programme manager writes the courses (the loaders' order)
    demo.load()
    gagnef = Organisation.objects.get(slug="gagnef")
    originals = list(Course.objects.all())
    assert len(originals) == 2
    for original in originals:
        copy = bundle.import_course(None, gagnef, io.BytesIO(exported(original)))
        assert original.published_version is not None
        assert settings_of(copy.versions.get()) == settings_of(original.published_version)
        assert shape(copy.versions.get()) == shape(original.published_version)
        assert publishing_problems(copy.versions.get()) == []  # ready for the new owner to publish
    assert Course.objects.filter(owner=gagnef).count() == 2


# --- Hostile bundles: bounded by what a course needs, checked while unpacking ---------------------


def with_video(source: bytes, write: Any, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The bundle with its video replaced by what ``write(handle)`` streams."""
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename.endswith(".mp4"):
                member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                member.compress_type = compression
                with zout.open(member, "w", force_zip64=True) as handle:
                    write(handle)
            else:
                zout.writestr(info.filename, zin.read(info))
    return target.getvalue()


def zeros(megabytes: int) -> Any:
    def write(handle: Any) -> None:
        handle.write(MP4)
        block = b"\x00" * (1024 * 1024)
        for _ in range(megabytes):
            handle.write(block)

    return write


@pytest.mark.django_db
def test_a_small_bundle_that_unpacks_to_a_huge_video_is_refused_before_anything_is_unpacked(
    published: Course, org_b: Organisation, _media: Path
) -> None:
    data = with_video(exported(published), zeros(60))
    assert len(data) < 500 * 1024  # a few hundred kilobytes ...
    message = refused(data, org_b)  # ... that would unpack to 60 MB
    assert "unpacks to" in message and "times its packed size" in message
    assert not [p for p in _media.rglob("*") if p.is_file() and p.stat().st_size > 1024 * 1024]


@pytest.mark.django_db
def test_a_video_over_what_a_lesson_needs_is_refused(published: Course, org_b: Organisation) -> None:
    data = with_video(exported(published), zeros(201), zipfile.ZIP_STORED)  # stored: as big packed as unpacked
    assert "the limit is 200.0\xa0MB" in refused(data, org_b)


@pytest.mark.django_db
def test_a_manifest_nested_100000_levels_deep_is_refused_with_a_message(org_b: Organisation) -> None:
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", "[" * 100_000 + "]" * 100_000)
    assert "nests deeper than 32 levels" in refused(target.getvalue(), org_b)


@pytest.mark.django_db
def test_a_real_manifest_is_well_within_the_nesting_bound(published: Course) -> None:
    from jamlik.lib import safejson

    with zipfile.ZipFile(io.BytesIO(exported(published))) as zf:
        assert safejson.depth(zf.read("manifest.json").decode()) <= 10
