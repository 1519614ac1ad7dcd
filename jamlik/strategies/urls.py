from django.urls import path

from jamlik.strategies.views import answers, rounds, strategies

app_name = "strategies"
S = "strategier/<uuid:strategy_id>/"
R = "uppfoljning/<uuid:round_id>/"
A = "uppfoljning/svar/<uuid:response_id>/"
urlpatterns = [
    path("strategier/", strategies.strategy_list, name="list"),
    path("strategier/ny/", strategies.strategy_new, name="new"),
    path(S, strategies.strategy_detail, name="strategy"),
    path(S + "andra/", strategies.strategy_edit, name="edit"),
    path(S + "mal/ny/", strategies.goal_form, name="goal_new"),
    path(S + "mal/<int:pk>/", strategies.goal_form, name="goal"),
    path(S + "aktiviteter/ny/", strategies.activity_form, name="activity_new"),
    path(S + "aktiviteter/<int:pk>/", strategies.activity_form, name="activity"),
    path(S + "indikatorer/ny/", strategies.indicator_form, name="indicator_new"),
    path(S + "indikatorer/<int:pk>/", strategies.indicator_form, name="indicator"),
    path(S + "indikatorer/<int:pk>/matvarden/", strategies.measurement, name="measurement"),
    path(S + "<str:kind>/<int:pk>/ta-bort/", strategies.remove_part, name="remove_part"),
    path("uppfoljning/", rounds.round_list, name="rounds"),
    path("uppfoljning/ny/", rounds.round_new, name="round_new"),
    path(A, answers.answer, name="answer"),
    path(A + "ateroppna/", answers.reopen, name="reopen"),
    path(A + "underlag/", answers.evidence_upload, name="evidence_upload"),
    path(A + "underlag/<uuid:evidence_id>/", answers.evidence_download, name="evidence"),
    path(A + "underlag/<uuid:evidence_id>/ta-bort/", answers.evidence_remove, name="evidence_remove"),
    path(R, rounds.round_manage, name="round"),
    path(R + "andra/", rounds.round_edit, name="round_edit"),
    path(R + "fragor/", rounds.question_add, name="question_add"),
    path(R + "fragor/<int:pk>/ta-bort/", rounds.question_remove, name="question_remove"),
    path(R + "organisationer/", rounds.organisations_add, name="organisations_add"),
    path(R + "organisationer/<uuid:response_id>/ta-bort/", rounds.organisation_remove, name="organisation_remove"),
    path(R + "oppna/", rounds.round_open, name="round_open"),
    path(R + "stang/", rounds.round_close, name="round_close"),
    path(R + "paminn/", rounds.remind, name="remind"),
    path(R + "sammanstallning/", rounds.rollup_page, name="rollup"),
    path(R + "sammanstallning.xlsx", rounds.rollup_xlsx, name="rollup_xlsx"),
    path(R + "sammanstallning.pdf", rounds.rollup_pdf, name="rollup_pdf"),
]
