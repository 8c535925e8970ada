"""A URLconf with no URLs: a page that reverses one fails under it."""

urlpatterns = []
