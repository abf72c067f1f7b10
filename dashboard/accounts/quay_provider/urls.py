from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from .provider import QuayProvider

urlpatterns = default_urlpatterns(QuayProvider)
