"""The outcome trend charts: one renderer, a small template of inline SVG, drawn on the server
for the patient page, a follow-up visit's page and the signed note (WeasyPrint draws inline
SVG). Each chart has a <title> and <desc>, and its numbers as a table beside it.

Input is the plain data of backpain.clinical.outcomes.trends (as stored in a signed note), so
a note prints the series it was signed with."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.clinical.outcomes import IMPROVED, NOT_CLASSIFIED, WITHIN_NOISE, WORSE

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 14, 46
VERDICTS = {IMPROVED: gettext_lazy("improved beyond noise"),
            WITHIN_NOISE: gettext_lazy("within noise"),
            WORSE: gettext_lazy("worse beyond noise"),
            NOT_CLASSIFIED: gettext_lazy("no published threshold")}
REPORT_COLUMNS = (gettext_lazy("Work"), gettext_lazy("Usual tasks"),
                  gettext_lazy("Global rating of change"), gettext_lazy("Satisfaction"))


def shown_date(iso: str) -> str:
    return formats.date_format(date.fromisoformat(iso), "DATE_FORMAT")


def number(value) -> str:
    """12.0 -> "12", 3.5 -> "3.5"."""
    return f"{value:g}"


def signed(value) -> str:
    return f"+{value:g}" if value > 0 else f"{value:g}".replace("-", "−")


def change_words(change, unit) -> str:
    """"−12 points: improved beyond noise, important" (or "" for the baseline)."""
    if change is None:
        return ""
    words = f"{signed(change['points'])} {_(unit)}: {VERDICTS[change['verdict']]}"
    if change["important"]:
        words += ", " + _("reaches the minimal important change")
    return words


def thresholds(trend) -> str:
    """Both thresholds in words, with their sources."""
    if trend["sdc"] is None:
        return _("No published smallest detectable change or minimal important change: "
                 "changes are shown, not judged.")
    mic = number(trend["mic"])
    if trend["mic_percent"]:
        mic = _("%(points)s points or %(percent)s%% of the earlier score") % {
            "points": mic, "percent": number(trend["mic_percent"])}
    else:
        mic = _("%(points)s points") % {"points": mic}
    return _("Beyond noise: a change of at least %(sdc)s points (smallest detectable change; "
             "%(sdc_source)s). Important: an improvement of at least %(mic)s (minimal "
             "important change; %(mic_source)s).") % {
        "sdc": number(trend["sdc"]), "sdc_source": trend["sdc_source"], "mic": mic,
        "mic_source": trend["mic_source"]}


def axis_top(trend) -> float:
    """The top of the axis: the scale's maximum, or for an open measure (walking minutes,
    up to 600) the next ten above 1.25 x the highest value, so ordinary values are legible."""
    if trend["unit"] != "minutes":
        return trend["high"]
    highest = max(point["value"] for point in trend["points"])
    return min(trend["high"], max(30, -(-highest * 5 // 40) * 10))


def label_dates(drawn, room=72) -> None:
    """Date labels under the axis where they do not overlap: the baseline's always, then each
    that leaves `room` before it and before the last (the table lists every date)."""
    previous = None
    for n, point in enumerate(drawn):
        last = n == len(drawn) - 1
        fits = previous is None or point["x"] - previous >= room
        fits_last = last or drawn[-1]["x"] - point["x"] >= room
        point["labelled"] = n == 0 or (fits and fits_last)
        if point["labelled"]:
            previous = point["x"]


def chart(trend, index) -> dict:
    points = trend["points"]
    low, high = trend["low"], axis_top(trend)
    days = [date.fromisoformat(point["date"]) for point in points]
    span = (days[-1] - days[0]).days
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return round(LEFT + plot_width * ((day - days[0]).days / span if span else 0.5), 1)

    def y(value):
        return round(TOP + plot_height * (high - value) / (high - low), 1)

    baseline = points[0]["value"]
    band = mic_line = None
    if trend["sdc"] is not None:
        top, bottom = y(min(high, baseline + trend["sdc"])), y(max(low, baseline - trend["sdc"]))
        band = {"y": top, "height": round(bottom - top, 1)}
    if trend["mic"] is not None:
        target = baseline - trend["mic"] if trend["lower_is_better"] else baseline + trend["mic"]
        if low <= target <= high:
            mic_line = {"y": y(target), "value": number(target)}
    drawn = [{"x": x(day), "y": y(min(point["value"], high)), "value": number(point["value"]),
              "date": shown_date(point["date"]), "kind": point["kind"],
              "since_baseline": change_words(point["since_baseline"], trend["unit"]),
              "since_last": change_words(point["since_last"], trend["unit"])}
             for day, point in zip(days, points, strict=True)]
    label_dates(drawn)
    title = _(trend["title"])
    latest = drawn[-1]
    description = _("%(title)s at %(count)d visits, %(first)s to %(last)s: %(baseline)s at "
                    "baseline, %(latest)s at the latest visit%(change)s. %(thresholds)s") % {
        "title": title, "count": len(drawn), "first": drawn[0]["date"],
        "last": latest["date"], "baseline": drawn[0]["value"], "latest": latest["value"],
        "change": f" ({latest['since_baseline']})" if latest["since_baseline"] else "",
        "thresholds": thresholds(trend)}
    return {"id": f"trend-{trend['code']}-{index}", "code": trend["code"], "title": title,
            "description": description, "thresholds": thresholds(trend), "points": drawn,
            "line": " ".join(f"{p['x']},{p['y']}" for p in drawn), "band": band,
            "mic_line": mic_line, "width": WIDTH, "height": HEIGHT, "left": LEFT,
            "right": WIDTH - RIGHT, "axis_y": HEIGHT - BOTTOM, "label_x": LEFT - 6,
            "date_y": HEIGHT - BOTTOM + 16, "kind_y": HEIGHT - BOTTOM + 30,
            "plot_width": WIDTH - LEFT - RIGHT,
            "ticks": [{"y": y(value), "value": number(value)}
                      for value in (low, (low + high) / 2, high)],
            "better": _("lower is better") if trend["lower_is_better"]
            else _("higher is better")}


def trend_context(series) -> dict:
    """What templates/visits/trend_charts.html needs: the charts and the reported answers."""
    # A trend needs two points: a single baseline is already in the questionnaires' rows.
    trends = [trend for trend in series.get("trends") or [] if len(trend["points"]) > 1]
    return {"charts": [chart(trend, n) for n, trend in enumerate(trends)],
            "reports": [{**row, "date": shown_date(row["date"])}
                        for row in series.get("reports") or []],
            "report_columns": [str(column) for column in REPORT_COLUMNS]}

