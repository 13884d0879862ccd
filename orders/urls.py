from django.urls import path

from . import views

urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("new/", views.order_create, name="order_create"),
    path("bulk/", views.order_bulk_create, name="order_bulk_create"),
    path("<int:pk>/", views.order_detail, name="order_detail"),
    path("<int:pk>/edit/", views.order_edit, name="order_edit"),
    path("<int:pk>/delete/", views.order_delete, name="order_delete"),
    path("<int:pk>/items/add/", views.order_item_add, name="order_item_add"),
    path("<int:pk>/sign/", views.order_sign, name="order_sign"),
    path("<int:pk>/cancel/", views.order_cancel, name="order_cancel"),
    path("<int:pk>/pdf/<str:lang>/", views.order_pdf_view, name="order_pdf"),
    path("items/<int:pk>/edit/", views.order_item_edit, name="order_item_edit"),
    path("items/<int:pk>/remove/", views.order_item_remove, name="order_item_remove"),
    path("items/<int:pk>/extract/<str:lang>/", views.order_item_extract, name="order_item_extract"),
]
