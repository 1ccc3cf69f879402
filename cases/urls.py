"""Public URLs of the case app. No personal data ever appears in these paths."""

from django.urls import path

from .views import citizen, intake, language, respondent, tracking

urlpatterns = [
    # Intake
    path("file/", intake.file_dispute, name="file_dispute"),
    path("file/done/", intake.dispute_filed, name="dispute_filed"),
    # Tracking
    path("track/", tracking.track, name="track"),
    path("track/case/", tracking.track_case, name="track_case"),
    path("track/switch/", tracking.track_switch, name="track_switch"),
    path("track/open/", tracking.track_open, name="track_open"),
    path("track/forget/", tracking.track_forget, name="track_forget"),
    path("track/files/<int:pk>/", tracking.track_attachment, name="track_attachment"),
    # Respondent invitation
    path("respond/<str:token>/", respondent.respond, name="respond"),
    # The language switcher of a page with a form (cases.drafts)
    path("language/", language.switch_language, name="switch_language"),
    # Citizen accounts
    path("my/", citizen.my_disputes, name="my_disputes"),
    path("my/claim/", citizen.claim_dispute, name="claim_dispute"),
]
