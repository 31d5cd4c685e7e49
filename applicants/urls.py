from django.urls import path

from . import pool_views, views

app_name = "applicants"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile, name="profile"),
    path(
        "me/profile/<str:kind>/<int:pk>/delete/",
        views.profile_entry_delete,
        name="profile_entry_delete",
    ),
    path("me/documents/", views.documents, name="documents"),
    path("me/documents/<uuid:public_id>/", views.document_download, name="document"),
    path("me/documents/<uuid:public_id>/delete/", views.document_delete, name="document_delete"),
    path("me/applications/<uuid:public_id>/", views.application, name="application"),
    path(
        "me/applications/<uuid:public_id>/submit/",
        views.application_submit,
        name="application_submit",
    ),
    path(
        "me/applications/<uuid:public_id>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "me/applications/<uuid:public_id>/receipts/<int:number>/",
        views.receipt,
        name="receipt",
    ),
    path(
        "me/applications/<uuid:public_id>/receipts/<int:number>/receipt.pdf",
        views.receipt_pdf,
        name="receipt_pdf",
    ),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("vacancies/<slug:reference>/apply/", views.apply, name="apply"),
    path("pool/", pool_views.pool_list, name="pool"),
    path("pool/candidates/<int:pk>/", pool_views.pool_entry, name="pool_entry"),
    path("pool/reservations/", pool_views.pool_reservations, name="pool_reservations"),
    path(
        "pool/reservations/<int:pk>/release/",
        pool_views.reservation_release,
        name="reservation_release",
    ),
]
