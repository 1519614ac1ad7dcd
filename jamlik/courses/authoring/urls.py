"""Included from ``jamlik/courses/urls.py`` (before its ``kurser/<slug>/`` patterns)."""

from django.urls import path

from jamlik.courses.authoring.views import course, facilitation, structure

app_name = "authoring"

C = "kurser/redigera/<uuid:course_id>/"

urlpatterns = [
    path("kurser/redigera/", course.course_list, name="courses"),
    path("kurser/redigera/ny/", course.new_course, name="new_course"),
    path("kurser/redigera/importera/", course.import_bundle, name="import_bundle"),
    path("kurser/redigera/importera/<uuid:job_id>/", course.bundle_import, name="bundle_import"),
    path(C, course.course, name="course"),
    path(C + "installningar/", course.course_settings, name="settings"),
    path(C + "publicera/", course.publish, name="publish"),
    path(C + "nytt-utkast/", course.new_draft, name="new_draft"),
    path(C + "exportera/", course.export, name="export"),
    path(C + "moduler/", structure.add_module, name="add_module"),
    path(C + "moduler/<int:module_id>/", structure.module, name="module"),
    path(C + "moduler/<int:module_id>/flytta/", structure.move_module, name="move_module"),
    path(C + "moduler/<int:module_id>/ta-bort/", structure.remove_module, name="remove_module"),
    path(C + "moduler/<int:module_id>/lektioner/", structure.add_lesson, name="add_lesson"),
    path(C + "lektioner/<uuid:lesson_id>/", structure.lesson, name="lesson"),
    path(C + "lektioner/<uuid:lesson_id>/flytta/", structure.move_lesson, name="move_lesson"),
    path(C + "lektioner/<uuid:lesson_id>/ta-bort/", structure.remove_lesson, name="remove_lesson"),
    path(C + "lektioner/<uuid:lesson_id>/forhandsvisning/", structure.preview, name="preview"),
    path(C + "lektioner/<uuid:lesson_id>/nytt-block/<str:kind>/", structure.new_block, name="new_block"),
    path(C + "block/<uuid:block_id>/", structure.block, name="block"),
    path(C + "block/<uuid:block_id>/flytta/", structure.move_block, name="move_block"),
    path(C + "block/<uuid:block_id>/ta-bort/", structure.remove_block, name="remove_block"),
    path("organisationer/<slug:slug>/grupptraff/", facilitation.group_session, name="group_session"),
    path("organisationer/<slug:slug>/kurser/importera/", facilitation.import_completions, name="import_completions"),
    path(
        "organisationer/<slug:slug>/kurser/importera/<uuid:job_id>/",
        facilitation.import_result,
        name="import_result",
    ),
]
