#!/usr/bin/python3
"""Checks the sample HTML report written by test_table (table__html_sample_for_chromium):
it is self-contained (no script, no external resource), its SVG has the expected number of
bars, and headless Chromium renders it into a screenshot that is a real picture: many
distinct colours, and the chart's red bars present in quantity.
Usage: check_html.py REPORT.html SCREENSHOT.png EXPECTED_BARS"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def read_png(path):
    """Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) with the
    standard library only. Returns (width, height, rows of bytes, bytes per pixel)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    pos, idat, w = 8, b"", 0
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
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows, bpp


html_path, png_path, want_bars = sys.argv[1], sys.argv[2], int(sys.argv[3])
html = open(html_path, encoding="utf-8").read()
if "<script" in html:
    fail("the report contains a script")
for pattern in (r"\ssrc=", r"\shref=", r"url\(", r"@import", r"<link"):
    if re.search(pattern, html):
        fail("the report refers to an external resource (%s)" % pattern)
svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
bars = sum(len(re.findall(r'<rect class="bar"', s)) for s in svgs)
if not svgs or bars != want_bars:
    fail("%d svg elements with %d bars, wanted %d bars" % (len(svgs), bars, want_bars))
print("ok: self-contained, %d charts, %d bars" % (len(svgs), bars))

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    fail("chromium is not installed (Debian: apt-get install chromium)")
if os.path.exists(png_path):
    os.unlink(png_path)
with tempfile.TemporaryDirectory() as profile:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--user-data-dir=" + profile, "--screenshot=" + png_path,
           "--window-size=1200,1800", "file://" + os.path.abspath(html_path)]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
if not os.path.exists(png_path):
    fail("chromium wrote no screenshot:\n" + run.stdout.decode(errors="replace")[-2000:])

w, h, rows, bpp = read_png(png_path)
colours, red = set(), 0
for row in rows:
    for x in range(0, w * bpp, bpp):
        px = row[x:x + 3]
        colours.add(px)
        if px == b"\xc0\x00\x00":
            red += 1
print("screenshot %dx%d, %d distinct colours, %d pixels of the chart red" % (w, h, len(colours), red))
if (w, h) != (1200, 1800):
    fail("unexpected screenshot size")
if len(colours) < 64:
    fail("the screenshot looks blank or flat")
if red < 2000:
    fail("the charts' red series is missing from the screenshot")
print("all checks passed")
