"""Where a visit falls on its episode's follow-up schedule: the clinic's points and their
windows (backpain/episodes, FollowUpPoint.window), measured from the episode's index date."""

import datetime


def follow_up_point(schedule, index_date: datetime.date, visit_date: datetime.date):
    """The follow-up point whose window holds `visit_date`, or None (the baseline, a visit
    between windows). Where an administrator made windows overlap, the point whose target is
    nearest wins; at equal distance, the earlier point."""
    holding = []
    for point in schedule:
        opens, target, closes = point.window(index_date)
        if opens <= visit_date <= closes:
            holding.append((abs((visit_date - target).days), point.days_after_index, point))
    return min(holding, key=lambda found: found[:2])[2] if holding else None
