"""The demo's pictures, drawn without an imaging library (the demo needs none): 射阳经济开发区's site plan (a road
grid, green belts, the river, plots), on which the zone's enterprises are placed, and the small photos of the
hazards' rectifications. Both are real PNG files, written with zlib and struct."""

import random
import struct
import zlib
from itertools import pairwise

from zonedesk.enterprises.models import Enterprise
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Unit
from zonedesk.safety import plan as site_plan

WIDTH, HEIGHT = 1600, 1000
PLAN_NAME = "射阳经济开发区平面示意图.png"
GROUND, ROAD, KERB, LINE = (236, 239, 226), (252, 252, 250), (178, 178, 172), (236, 196, 92)
GREEN, RIVER, TITLE = (186, 218, 166), (164, 202, 230), (52, 86, 128)
PLOT, LAB, PARK, PUBLIC = (232, 214, 188), (212, 224, 240), (164, 206, 146), (238, 204, 198)
# Roads: (position, half width); the first and the third of each are the main roads with a centre line.
ACROSS = [(90, 13), (330, 9), (580, 13), (830, 9)]
DOWN = [(90, 9), (420, 13), (750, 9), (1080, 13), (1410, 9)]
# Blocks (column, row) kept as a park and as public buildings (邻里中心, 质检中心).
PARK_BLOCKS, PUBLIC_BLOCKS = {(2, 1)}, {(0, 0)}


class Canvas:
    """RGB rows filled by rectangles, written out as a PNG."""

    def __init__(self, width: int, height: int, colour: tuple[int, int, int]):
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(colour) * width) for _ in range(height)]

    def fill(self, x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int]) -> None:
        x0, x1 = max(0, x0), min(self.width, x1)
        if x1 <= x0:
            return
        segment = bytes(colour) * (x1 - x0)
        for y in range(max(0, y0), min(self.height, y1)):
            self.rows[y][x0 * 3 : x1 * 3] = segment

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)  # filter type 0 on every row

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
        return b"\x89PNG\r\n\x1a\n" + body


def _road(canvas: Canvas, at: int, half: int, across: bool, main: bool) -> None:
    def band(a: int, b: int, colour) -> None:
        if across:
            canvas.fill(0, at + a, WIDTH, at + b, colour)
        else:
            canvas.fill(at + a, 50, at + b, HEIGHT, colour)

    band(-half - 7, half + 7, GREEN)  # the green belt along the road
    band(-half - 1, half + 1, KERB)
    band(-half, half, ROAD)
    if main:
        for start in range(0, WIDTH if across else HEIGHT, 40):
            if across:
                canvas.fill(start, at - 1, start + 22, at + 1, LINE)
            else:
                canvas.fill(at - 1, start + 50, at + 1, start + 72, LINE)


def plan_image() -> tuple[bytes, list[tuple[float, float]]]:
    """The site plan as PNG bytes, and the centres of its industrial plots as fractions of its width and height."""
    canvas = Canvas(WIDTH, HEIGHT, GROUND)
    canvas.fill(0, 0, WIDTH, 50, TITLE)  # the title bar (no CJK font without an imaging library: left blank)
    canvas.fill(0, 905, WIDTH, 955, RIVER)  # 射阳河
    for n, (at, half) in enumerate(ACROSS):
        _road(canvas, at, half, True, n % 2 == 0)
    for n, (at, half) in enumerate(DOWN):
        _road(canvas, at, half, False, n % 2 == 1)
    plots = []
    edges_x = [(a + h + 10, b - k - 10) for (a, h), (b, k) in pairwise(DOWN)]
    edges_x.append((DOWN[-1][0] + DOWN[-1][1] + 10, WIDTH - 12))
    edges_y = [(a + h + 10, b - k - 10) for (a, h), (b, k) in pairwise(ACROSS)]
    for col, (x0, x1) in enumerate(edges_x):
        for row, (y0, y1) in enumerate(edges_y):
            if (col, row) in PARK_BLOCKS or (col, row) in PUBLIC_BLOCKS:
                canvas.fill(x0, y0, x1, y1, PARK if (col, row) in PARK_BLOCKS else PUBLIC)
                continue
            columns = 3 if x1 - x0 > 250 else 2
            w, h = (x1 - x0) // columns, (y1 - y0) // 2
            for i in range(columns):
                for j in range(2):
                    px0, py0 = x0 + i * w + 4, y0 + j * h + 4
                    px1, py1 = x0 + (i + 1) * w - 4, y0 + (j + 1) * h - 4
                    lab = (i + j + col + row) % 5 == 0
                    canvas.fill(px0, py0, px1, py1, KERB)
                    canvas.fill(px0 + 2, py0 + 2, px1 - 2, py1 - 2, LAB if lab else PLOT)
                    # a factory building inside the plot
                    canvas.fill(px0 + 14, py0 + 14, px0 + (px1 - px0) * 2 // 3, py1 - 14, (205, 186, 160))
                    plots.append((round((px0 + px1) / 2 / WIDTH, 5), round((py0 + py1) / 2 / HEIGHT, 5)))
    return canvas.png(), plots


def photos() -> list[tuple[str, bytes]]:
    """Three small photos of a rectification (a wall with a new sign, a cabinet, a cleared passage)."""
    out = []
    for n, (front, back) in enumerate([((196, 40, 40), (214, 214, 206)), ((40, 140, 70), (200, 204, 210))]):
        canvas = Canvas(240, 180, back)
        canvas.fill(0, 130, 240, 180, (150, 150, 146))
        canvas.fill(70 + 20 * n, 40, 150 + 20 * n, 130, front)
        canvas.fill(90 + 20 * n, 60, 130 + 20 * n, 80, (250, 250, 250))
        out.append((f"整改后照片{n + 1}.png", canvas.png()))
    canvas = Canvas(240, 180, (228, 226, 218))
    canvas.fill(0, 0, 60, 180, (120, 120, 118))
    canvas.fill(180, 0, 240, 180, (120, 120, 118))
    canvas.fill(100, 0, 140, 180, (236, 196, 92))
    out.append(("通道清理后.png", canvas.png()))
    return out


def load_plan(by: Actor, zone: Unit, enterprises: list[Enterprise]) -> int:
    """Upload the zone's site plan (once) and place the enterprises on its plots; returns how many are placed."""
    data, plots = plan_image()
    random.Random(len(plots)).shuffle(plots)  # spread over the whole plan, a few plots left vacant here and there
    site_plan.upload_plan(by, zone, PLAN_NAME, data)
    placed = 0
    for enterprise, (x, y) in zip(enterprises, plots, strict=False):
        site_plan.place_enterprise(by, enterprise, x, y)
        placed += 1
    return placed
