#!/usr/bin/python3
"""Checks the compliance report's HTML page (test_reports.sh writes it): self-contained, three
charts (compliance per month, attendance per member, activities per kind) with one bar per
figure of the report's JSON, and a headless Chromium screenshot in which those bars are really
drawn: every positive figure is a separate red shape (the first series' colour) taller than a
rule, plus the three legend swatches.
Usage: check_charts.py OUTDIR   (reads compliance.html and compliance.json, writes compliance.png)
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

RED = b"\xc0\x00\x00"
CHARTS = {"各月执行情况": "rate", "党员出勤": "rate", "各类活动次数": "count"}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def read_png(path):
    """An 8-bit, non-interlaced RGB(A) PNG, decoded with the standard library only."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    pos, idat, w, h, bpp = 8, b"", 0, 0, 3
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                fail("unexpected PNG layout (depth %d, colour type %d)" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                if f == 1:
                    line[i] = (line[i] + a) & 255
                elif f == 3:
                    line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows, bpp


def red_shapes(w, rows, bpp):
    """Red shapes at least 4 pixels tall: a run of red pixels starts a shape when nothing
    above it is red, and counts when the pixel 3 rows below its middle is red too (so a
    3-pixel rule under a heading does not count)."""
    masks = [[row[x * bpp:x * bpp + 3] == RED for x in range(w)] for row in rows]
    count = 0
    for y, mask in enumerate(masks):
        x = 0
        while x < w:
            if not mask[x]:
                x += 1
                continue
            x0 = x
            while x < w and mask[x]:
                x += 1
            above = y > 0 and any(masks[y - 1][x0:x])
            mid = (x0 + x) // 2
            if not above and y + 3 < len(masks) and masks[y + 3][mid]:
                count += 1
    return count


out = sys.argv[1]
html_path = os.path.join(out, "compliance.html")
html = open(html_path, encoding="utf-8").read()
report = json.load(open(os.path.join(out, "compliance.json"), encoding="utf-8"))

if "<script" in html:
    fail("the page contains a script")
for pattern in (r"\ssrc=", r"\shref=", r"url\(", r"@import", r"<link"):
    if re.search(pattern, html):
        fail("the page refers to an external resource (%s)" % pattern)

figures, positive = 0, 0
for section in report["sections"]:
    key = CHARTS.get(section["title"])
    if key:
        values = [r[key] for r in section["rows"] if r.get(key) is not None]
        figures += len(values)
        positive += sum(1 for v in values if v > 0)
if figures < 20:
    fail("the JSON has %d figures in the chart sections; the fixture should give 22" % figures)
svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
titles = [re.search(r'aria-label="([^"]*)"', s).group(1) for s in svgs]
if titles != ["各月符合率", "党员出席率", "各类活动次数"]:
    fail("charts %r" % titles)
bars = sum(len(re.findall(r'<rect class="bar"', s)) for s in svgs)
if bars != figures:
    fail("%d bars in the SVG for %d figures" % (bars, figures))
print("ok: self-contained, charts %s, %d bars for %d figures" % (", ".join(titles), bars, figures))

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    fail("chromium is not installed (Debian: apt-get install chromium)")
png = os.path.join(out, "compliance.png")
if os.path.exists(png):
    os.unlink(png)
with tempfile.TemporaryDirectory() as profile:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--user-data-dir=" + profile, "--screenshot=" + png,
           "--hide-scrollbars", "--window-size=1200,4400", "file://" + os.path.abspath(html_path)]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
if not os.path.exists(png):
    fail("chromium wrote no screenshot:\n" + run.stdout.decode(errors="replace")[-2000:])
w, h, rows, bpp = read_png(png)
shapes = red_shapes(w, rows, bpp)
want = positive + len(svgs)  # the bars, and one legend swatch per chart
print("screenshot %dx%d: %d red shapes, wanted %d (%d bars and %d swatches)"
      % (w, h, shapes, want, positive, len(svgs)))
if shapes != want:
    fail("the screenshot does not show the charts' bars")
print("all checks passed")
