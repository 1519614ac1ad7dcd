from django.urls import path

from jamlik.knowledge.feeds import AtomNewsFeed, NewsFeed
from jamlik.knowledge.views import examples, news, news_writing, review, submit

app_name = "knowledge"
urlpatterns = [
    path("goda-exempel/", examples.example_list, name="examples"),
    path("goda-exempel/mina/", submit.mine, name="mine"),
    path("goda-exempel/nytt/", submit.new, name="new"),
    path("goda-exempel/granska/", review.queue, name="review_queue"),
    path("goda-exempel/<uuid:public_id>/", examples.example_detail, name="example"),
    path("goda-exempel/<uuid:public_id>/redigera/", submit.edit, name="edit"),
    path("goda-exempel/<uuid:public_id>/bilagor/", submit.add_attachment, name="add_attachment"),
    path(
        "goda-exempel/<uuid:public_id>/bilagor/<uuid:attachment_id>/",
        examples.attachment_download,
        name="attachment",
    ),
    path(
        "goda-exempel/<uuid:public_id>/bilagor/<uuid:attachment_id>/ta-bort/",
        submit.remove_attachment,
        name="remove_attachment",
    ),
    path("goda-exempel/<uuid:public_id>/skicka-in/", submit.submit, name="submit"),
    path("goda-exempel/<uuid:public_id>/dra-tillbaka/", submit.withdraw, name="withdraw"),
    path("goda-exempel/<uuid:public_id>/granska/", review.review, name="review"),
    path("nyheter/", news.news_list, name="news"),
    path("nyheter/mina/", news_writing.my_news, name="my_news"),
    path("nyheter/skriv/", news_writing.new_news, name="new_news"),
    path("nyheter/<uuid:public_id>/redigera/", news_writing.edit_news, name="edit_news"),
    path("nyheter/rss/", NewsFeed(), name="news_rss"),
    path("nyheter/atom/", AtomNewsFeed(), name="news_atom"),
    path("nyheter/<uuid:public_id>/", news.news_item, name="news_item"),
    path("sida/<slug:slug>/", news.content_page, name="page"),
]
