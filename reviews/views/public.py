from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews.models import BoardMember


@require_GET
def board(request):
    members = BoardMember.objects.filter(is_active=True).order_by("display_name")
    return render(request, "reviews/board.html", {"members": members})
