"""The plumbing every app stands on: access by permission, re-entering the password, streaming
CSV, date ranges, filters kept in the session, running a service from a form, input limits.

It imports no app of backpain: what an app must learn from it (a refused access, say) it
announces by a signal (signals.py) that the app listens to.
"""
