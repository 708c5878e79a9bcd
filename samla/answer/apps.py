from django.apps import AppConfig


class AnswerConfig(AppConfig):
    name = "samla.answer"
    label = "answer"
