"""Calendar helpers shared by the generator and the reference model (standard library only)."""
import calendar
import datetime

D = datetime.date


def parse(s):
    """'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM' -> date."""
    return datetime.date.fromisoformat(s[:10])


def iso(d):
    return d.isoformat()


def add_days(d, n):
    return d + datetime.timedelta(days=n)


def month_end(y, m):
    return D(y, m, calendar.monthrange(y, m)[1])


def add_years(d, n):
    """qufa.add(d, 'Ny'): the day clamps (2016-02-29 + 1y = 2017-02-28)."""
    y = d.year + n
    return D(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def period_of(kind, d):
    """The calendar period of a kind containing day d: (code, start, end)."""
    y, m = d.year, d.month
    if kind == "half_month":
        if d.day <= 15:
            return "%04d-%02d-H1" % (y, m), D(y, m, 1), D(y, m, 15)
        return "%04d-%02d-H2" % (y, m), D(y, m, 16), month_end(y, m)
    if kind == "month":
        return "%04d-%02d" % (y, m), D(y, m, 1), month_end(y, m)
    if kind == "quarter":
        q = (m - 1) // 3
        return "%04d-Q%d" % (y, q + 1), D(y, 3 * q + 1, 1), month_end(y, 3 * q + 3)
    if kind == "half_year":
        h = (m - 1) // 6
        return "%04d-H%d" % (y, h + 1), D(y, 6 * h + 1, 1), month_end(y, 6 * h + 6)
    if kind == "year":
        return "%04d" % y, D(y, 1, 1), D(y, 12, 31)
    raise ValueError(kind)


def parse_period(code):
    """A check period code ('2017', '2017-Q2', '2017-05', '2017-H1', '2017-05-H2') -> (start, end)."""
    parts = code.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        return D(y, 1, 1), D(y, 12, 31)
    if parts[1].startswith("Q"):
        return period_of("quarter", D(y, 3 * int(parts[1][1:]) - 2, 1))[1:]
    if parts[1].startswith("H"):
        return period_of("half_year", D(y, 6 * int(parts[1][1:]) - 5, 1))[1:]
    m = int(parts[1])
    if len(parts) == 3:
        return period_of("half_month", D(y, m, 1 if parts[2] == "H1" else 16))[1:]
    return period_of("month", D(y, m, 1))[1:]


def periods_in(kind, start, end):
    """Every period of a kind that lies inside [start, end], in order."""
    out, d = [], start
    while d <= end:
        code, ps, pe = period_of(kind, d)
        if ps >= start and pe <= end:
            out.append((code, ps, pe))
        d = add_days(pe, 1)
    return out
