from django.apps import AppConfig


class MirroringConfig(AppConfig):
    name = "dashboard.mirroring"
    label = "mirroring"
