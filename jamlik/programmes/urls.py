from django.urls import path

from jamlik.programmes.views import approval, authoring, host, organiser, participant, public

app_name = "programmes"
P = "program/redigera/<uuid:programme_id>/"
urlpatterns = [
    path("program/", public.programme_list, name="list"),
    path("program/kalender/", public.calendar_page, name="calendar"),
    path("program/kalender.ics", public.calendar_feed, name="calendar_feed"),
    path("program/vard/", host.sessions, name="host_sessions"),
    path("program/vard/<uuid:session_id>/", host.session_roster, name="roster"),
    path("program/vard/<uuid:session_id>/deltagare.<str:fmt>", host.roster_export, name="roster_export"),
    path("program/vard/<uuid:session_id>/narvaro/<uuid:booking_id>/", host.mark, name="mark"),
    path("program/redigera/", authoring.programme_list, name="authoring_list"),
    path("program/redigera/ny/", authoring.new_programme, name="authoring_new"),
    path(P, authoring.programme, name="authoring"),
    path(P + "uppgifter/", authoring.details, name="authoring_details"),
    path(P + "status/", authoring.change_status, name="authoring_status"),
    path(P + "moduler/", authoring.add_module, name="authoring_add_module"),
    path(P + "moduler/<int:module_id>/", authoring.module, name="authoring_module"),
    path(P + "moduler/<int:module_id>/flytta/", authoring.move_module, name="authoring_move_module"),
    path(P + "moduler/<int:module_id>/ta-bort/", authoring.remove_module, name="authoring_remove_module"),
    path(P + "moduler/<int:module_id>/tillfallen/", authoring.new_session, name="authoring_new_session"),
    path("program/tillfalle/<uuid:session_id>/andra/", organiser.edit_session, name="edit_session"),
    path("program/tillfalle/<uuid:session_id>/stall-in/", organiser.cancel_session, name="cancel_session"),
    path("program/incheckning/<str:token>/", host.checkin, name="checkin"),
    path("program/<slug:slug>/", public.programme_page, name="programme"),
    path("program/<slug:slug>/godkannanden/", approval.approvals, name="approvals"),
    path("program/<slug:slug>/godkannanden/<uuid:registration_id>/godkann/", approval.approve, name="approve"),
    path("program/<slug:slug>/godkannanden/<uuid:registration_id>/avsla/", approval.decline, name="decline"),
    path("program/<slug:slug>/anmal/", participant.register, name="register"),
    path("program/<slug:slug>/min-anmalan/", participant.my_registration, name="my_registration"),
    path("program/<slug:slug>/min-anmalan/kalender.ics", participant.my_calendar, name="my_calendar"),
    path("program/<slug:slug>/min-anmalan/avboka/", participant.cancel, name="cancel"),
    path("program/<slug:slug>/min-anmalan/byt/", participant.switch, name="switch"),
    path("program/<slug:slug>/min-anmalan/byt/lamna-kon/", participant.withdraw_switch, name="withdraw_switch"),
]
