from django.urls import path

from jamlik.credentials.views import manage, mine, profiles, verify

app_name = "credentials"
urlpatterns = [
    path("verifiera/", verify.lookup, name="lookup"),
    path("verifiera/<str:code>/", verify.verify, name="verify"),
    path("verify/<str:code>/", verify.verify, name="verify_en"),
    path("min-sida/diplom/", mine.my_diplomas, name="mine"),
    path("min-sida/diplom/nytt-namn/", mine.reissue_with_my_name, name="reissue_mine"),
    path("min-sida/diplom/<uuid:public_id>/", mine.diploma_page, name="diploma"),
    path("min-sida/diplom/<uuid:public_id>/diplom.pdf", mine.diploma_pdf, name="pdf"),
    path("min-sida/diplom/<uuid:public_id>/open-badge.json", mine.open_badge, name="open_badge"),
    path("diplom/utfarda/", manage.issue, name="issue"),
    path("diplom/utfarda/<uuid:job_id>/", manage.issue_job, name="issue_job"),
    path("diplom/hitta/", manage.find, name="find"),
    path("diplom/<str:code>/", manage.manage, name="manage"),
    # The creator id in Open Badges: a public page about the organisation (JSON-LD for machines).
    path("organisationer/<slug:slug>/", profiles.organisation_profile, name="organisation"),
]
