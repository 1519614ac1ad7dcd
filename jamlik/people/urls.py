from django.urls import path

from jamlik.people.views import join, organisation, profile

app_name = "people"
urlpatterns = [
    path("min-sida/", profile.profile, name="profile"),
    path("min-sida/organisationer/", profile.my_organisations, name="my_organisations"),
    path("min-sida/api-nycklar/", profile.create_token, name="create_token"),
    path("min-sida/api-nycklar/<uuid:public_id>/aterkalla/", profile.revoke_token, name="revoke_token"),
    path("inbjudan/<str:token>/", join.join_invitation, name="join_invitation"),
    path("inbjudan/<str:token>/byt-konto/", join.switch_account, name="join_switch_account"),
    path("ga-med/<str:token>/", join.join_link, name="join_link"),
    path("organisationer/sok.json", organisation.organisation_search, name="organisation_search"),
    path("organisationer/<slug:slug>/medlemmar/", organisation.members, name="org_members"),
    path("organisationer/<slug:slug>/medlemmar/<uuid:public_id>/", organisation.member, name="org_member"),
    path(
        "organisationer/<slug:slug>/medlemmar/<uuid:public_id>/godkann/",
        organisation.approve_member,
        name="org_approve_member",
    ),
    path(
        "organisationer/<slug:slug>/medlemmar/<uuid:public_id>/ta-bort/",
        organisation.remove_member,
        name="org_remove_member",
    ),
    path("organisationer/<slug:slug>/enheter/", organisation.units, name="org_units"),
    path("organisationer/<slug:slug>/antal-anstallda/", organisation.headcount, name="org_headcount"),
    path("organisationer/<slug:slug>/logotyp/", organisation.logo, name="org_logo"),
    path("organisationer/<slug:slug>/inbjudningar/", organisation.invitations, name="org_invitations"),
    path("organisationer/<slug:slug>/inbjudningar/lank/", organisation.create_link, name="org_create_link"),
    path(
        "organisationer/<slug:slug>/inbjudningar/lank/<uuid:public_id>/stang/",
        organisation.revoke_link,
        name="org_revoke_link",
    ),
    path("organisationer/<slug:slug>/domaner/", organisation.domains, name="org_domains"),
    path("organisationer/<slug:slug>/domaner/<int:pk>/ta-bort/", organisation.remove_domain, name="org_remove_domain"),
]
