from django.urls import path

from jamlik.networks.views import discussion, documents, meetings, membership, networks

app_name = "networks"
urlpatterns = [
    path("natverk/", networks.network_list, name="list"),
    path("natverk/nytt/", networks.new_network, name="new"),
    path("natverk/inbjudan/<str:token>/", membership.accept_invitation, name="accept_invitation"),
    path("natverk/<slug:slug>/", networks.network_home, name="network"),
    path("natverk/<slug:slug>/ga-med/", membership.join, name="join"),
    path("natverk/<slug:slug>/lamna/", membership.leave, name="leave"),
    path("natverk/<slug:slug>/medlemmar/", membership.members, name="members"),
    path("natverk/<slug:slug>/medlemmar/bjud-in/", membership.invite, name="invite"),
    path("natverk/<slug:slug>/medlemmar/<uuid:member_id>/godkann/", membership.approve, name="approve"),
    path("natverk/<slug:slug>/medlemmar/<uuid:member_id>/avsla/", membership.decline, name="decline"),
    path("natverk/<slug:slug>/medlemmar/<uuid:member_id>/roll/", membership.set_role, name="set_role"),
    path("natverk/<slug:slug>/e-post/", membership.preferences, name="preferences"),
    path("natverk/<slug:slug>/diskussioner/", discussion.threads, name="threads"),
    path("natverk/<slug:slug>/diskussioner/ny/", discussion.new_thread, name="new_thread"),
    path("natverk/<slug:slug>/diskussioner/<uuid:thread_id>/", discussion.thread, name="thread"),
    path("natverk/<slug:slug>/inlagg/<uuid:post_id>/dolj/", discussion.hide, name="hide"),
    path("natverk/<slug:slug>/inlagg/<uuid:post_id>/visa/", discussion.unhide, name="unhide"),
    path("natverk/<slug:slug>/inlagg/<uuid:post_id>/anmal/", discussion.report, name="report"),
    path("natverk/<slug:slug>/anmalda-inlagg/", discussion.reports, name="reports"),
    path("natverk/<slug:slug>/anmalda-inlagg/<uuid:report_id>/avfarda/", discussion.dismiss, name="dismiss"),
    path("natverk/<slug:slug>/dokument/", documents.documents, name="documents"),
    path("natverk/<slug:slug>/dokument/<uuid:document_id>/", documents.document, name="document"),
    path("natverk/<slug:slug>/dokument/fil/<uuid:version_id>/", documents.download, name="download"),
    path("natverk/<slug:slug>/moten/nytt/", meetings.new_meeting, name="new_meeting"),
    path("natverk/<slug:slug>/moten/<uuid:meeting_id>/", meetings.meeting, name="meeting"),
    path("natverk/<slug:slug>/moten/<uuid:meeting_id>/andra/", meetings.edit_meeting, name="edit_meeting"),
]
