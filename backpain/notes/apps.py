from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "backpain.notes"
    verbose_name = "Signed notes"
