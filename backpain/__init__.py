"""backpain: structured back-pain visits, decision support and signed notes.

The Celery app (backpain/celery.py) is loaded by the core app when Django starts
(backpain/core/apps.py), not here: `backpain.clinical` must import without Django.
"""
