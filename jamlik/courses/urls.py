from django.urls import include, path

from jamlik.courses.views import catalogue, coordinator, lesson

app_name = "courses"
urlpatterns = [
    path("", include("jamlik.courses.authoring.urls")),  # authoring, group sessions, imports (before kurser/<slug>/)
    path("kurser/", catalogue.catalogue, name="catalogue"),
    path("kurser/<slug:slug>/", catalogue.course_page, name="course"),
    path("kurser/<slug:slug>/anmal/", catalogue.enrol, name="enrol"),
    path("kurser/<slug:slug>/klar/", lesson.finish, name="finish"),
    path("kurser/<slug:slug>/lektion/<uuid:lesson_id>/", lesson.lesson_page, name="lesson"),
    path("kurser/<slug:slug>/lektion/<uuid:lesson_id>/klar/", lesson.lesson_done, name="lesson_done"),
    path("kurser/<slug:slug>/lektion/<uuid:lesson_id>/fraga/<uuid:block_id>/", lesson.answer, name="answer"),
    path("kurser/<slug:slug>/lektion/<uuid:lesson_id>/reflektion/<uuid:block_id>/", lesson.reflect, name="reflect"),
    path("organisationer/<slug:slug>/kurser/", coordinator.org_courses, name="org_courses"),
    path(
        "organisationer/<slug:slug>/kurser/export.<str:fmt>",
        coordinator.org_courses_export,
        name="org_courses_export",
    ),
]
