from django.urls import path

from jamlik.evaluations.views import answer, results

app_name = "evaluations"
R = "utvardering/resultat/<str:kind>/<slug:slug>/"
urlpatterns = [
    path("utvardering/", answer.mine, name="mine"),
    path("utvardering/kurs/<uuid:public_id>/", answer.course, name="course"),
    path("utvardering/tillfalle/<uuid:public_id>/", answer.session, name="session"),
    path("utvardering/resultat/", results.index, name="index"),
    path(R, results.results, name="results"),
    path(R + "utvardering.csv", results.export_csv, name="csv"),
    path(R + "utvardering.pdf", results.export_pdf, name="pdf"),
    path(R + "fragor/", results.questions, name="questions"),
]
