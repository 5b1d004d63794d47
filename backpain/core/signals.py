"""What the plumbing announces to the apps above it (audit listens): core imports none of them."""

from django.dispatch import Signal

# A signed-in user asked for something their permissions do not allow: request, details.
access_refused = Signal()
