"""A small document on top of fpdf2: fonts, headings, text, boxes, tables, images.

Built in memory and returned as bytes. The text is set in Liberation Sans
(Arial's metrics; every Latin accent, Greek, Cyrillic, Hebrew), with DejaVu Sans
as the fallback for the scripts it lacks; both ship in ``niche/data/fonts`` and
are embedded as subsets. A character neither font holds (Chinese, say) prints
as "?", and :attr:`Document.unprintable` holds the texts that had one, so the
plan can say so. fpdf2 is imported only when a document is made.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).resolve().parents[1] / "data" / "fonts"
MAIN = "Liberation"
FALLBACK = "DejaVu"
PDF_MIME = "application/pdf"
MARGIN = 15.0  # mm
BODY = 9.0  # pt
SMALL = 7.5
LINE = 4.2  # mm per line of body text
INK = (33, 37, 41)
GREY = (100, 108, 116)
ACCENT = (31, 78, 121)  # class A's colour in the charts
RULE = (205, 212, 220)
PANEL = (244, 247, 250)
_SPACES = re.compile(r"\s+")


@functools.cache
def _coverage() -> frozenset[int]:
    """The code points the two fonts can print."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for name in ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"):
        with TTFont(FONT_DIR / name, lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


def page_size(currency: str, setting: str | None = None) -> str:
    """The paper: the setting when given, else Letter for "$" and A4 otherwise."""
    if setting:
        return setting
    return "Letter" if currency.strip() == "$" else "A4"


class Document:
    """One PDF being written, top to bottom; sizes in millimetres.

    Parameters
    ----------
    size
        "A4" or "Letter".
    title, author
        The file's properties (shown by PDF readers).
    footer
        Small text at the bottom of every page, before "page 1 of 2".
    """

    def __init__(
        self,
        size: str,
        title: str,
        author: str = "",
        footer: str = "",
        created: dt.datetime | None = None,
    ) -> None:
        from fpdf import FPDF

        self.unprintable: set[str] = set()  # texts with a character shown as ?
        footer_text = self.clean(footer)

        class _PDF(FPDF):
            def footer(pdf) -> None:  # noqa: N805 (fpdf2 calls it on itself)
                pdf.set_y(-MARGIN + 4)
                pdf.set_font(MAIN, "", SMALL)
                pdf.set_text_color(*GREY)
                page = f"page {pdf.page_no()} of {{nb}}"
                pdf.cell(0, 4, f"{footer_text} · {page}" if footer_text else page)

        pdf = _PDF(format=size, unit="mm")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN)
        pdf.set_title(self.clean(title))
        pdf.set_author(self.clean(author))
        pdf.set_creator("Niche Finder")
        pdf.set_creation_date(created or dt.datetime.now(dt.UTC))
        pdf.add_font(MAIN, "", FONT_DIR / "LiberationSans-Regular.ttf")
        pdf.add_font(MAIN, "B", FONT_DIR / "LiberationSans-Bold.ttf")
        pdf.add_font(FALLBACK, "", FONT_DIR / "DejaVuSans.ttf")
        pdf.set_fallback_fonts([FALLBACK], exact_match=False)
        pdf.set_text_color(*INK)
        pdf.set_draw_color(*RULE)
        pdf.add_page()
        self.pdf = pdf

    # --- text ----------------------------------------------------------------

    def clean(self, text: object) -> str:
        """User text on one line (runs of white space as one space), each
        character the fonts lack as "?"."""
        flat = _SPACES.sub(" ", str(text))
        if flat.isascii():
            return flat
        known = _coverage()
        out = "".join(ch if ord(ch) in known else "?" for ch in flat)
        if out != flat:
            self.unprintable.add(flat)
        return out

    @property
    def width(self) -> float:
        """The width between the margins."""
        return self.pdf.epw

    def font(self, size: float = BODY, bold: bool = False, color: tuple = INK) -> None:
        self.pdf.set_font(MAIN, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def text(
        self,
        text: str,
        size: float = BODY,
        bold: bool = False,
        color: tuple = INK,
        height: float | None = None,
        width: float = 0,
    ) -> None:
        """A paragraph, wrapped at the margin (or at ``width`` from here)."""
        self.font(size, bold, color)
        self.pdf.multi_cell(
            width,
            height or size * 0.47,
            self.clean(text),
            new_x="LEFT" if width else "LMARGIN",
            new_y="NEXT",
        )

    def runs(self, parts: Sequence[tuple[str, bool]], size: float = BODY) -> None:
        """One paragraph of bold and plain runs, wrapped at the right margin."""
        for text, bold in parts:
            self.font(size, bold)
            self.pdf.write(size * 0.47, self.clean(text))
        self.pdf.ln(size * 0.47)

    def bullets(
        self, items: Sequence[str], size: float = BODY, indent: float = 4
    ) -> None:
        """A bulleted list; each item wraps under its own first word."""
        left = self.pdf.l_margin
        for item in items:
            self.font(size)
            self.pdf.set_x(left)
            self.pdf.cell(indent, size * 0.47, "•")
            self.pdf.multi_cell(
                0, size * 0.47, self.clean(item), new_x="LMARGIN", new_y="NEXT"
            )
            self.gap(0.6)

    def heading(self, text: str, space: float = 30) -> None:
        """A section heading with a rule under it (on a new page when fewer than
        ``space`` mm are left for what follows)."""
        self.need(space)
        self.gap(2.5)
        self.text(text, 11.5, bold=True, color=ACCENT)
        y = self.pdf.get_y() + 0.6
        self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + self.width, y)
        self.pdf.set_y(y + 1.8)

    def gap(self, mm: float) -> None:
        self.pdf.set_y(self.pdf.get_y() + mm)

    def need(self, mm: float) -> None:
        """A new page unless ``mm`` millimetres are left on this one."""
        if self.pdf.get_y() + mm > self.pdf.page_break_trigger:
            self.pdf.add_page()

    @property
    def left(self) -> float:
        """Millimetres left above the bottom margin."""
        return self.pdf.page_break_trigger - self.pdf.get_y()

    # --- blocks ----------------------------------------------------------------

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        align: str = "",
        size: float = 8.0,
    ) -> None:
        """A table with a bold header row, light row rules and wrapped cells;
        ``align`` holds one of L, R, C per column (left by default)."""
        pdf = self.pdf
        self.font(size)
        aligns = [a for a in align.ljust(len(widths), "L")]
        with pdf.table(
            col_widths=tuple(widths),
            width=sum(widths),
            align="LEFT",
            text_align=tuple(
                {"L": "LEFT", "R": "RIGHT", "C": "CENTER"}[a] for a in aligns
            ),
            borders_layout="HORIZONTAL_LINES",
            line_height=size * 0.45,
            padding=(0.8, 1.2, 0.8, 1.2),
            headings_style=self._heading_style(size),
            first_row_as_headings=True,
        ) as table:
            table.row([self.clean(h) for h in header])
            for values in rows:
                table.row([self.clean(v) for v in values])
        self.font()

    def _heading_style(self, size: float) -> Any:
        from fpdf.fonts import FontFace

        return FontFace(family=MAIN, emphasis="BOLD", size_pt=size, color=GREY)

    def image(self, png: bytes, width: float, height: float) -> None:
        """A picture ``width`` x ``height`` mm at the left margin."""
        self.need(height)
        self.pdf.image(io.BytesIO(png), x=self.pdf.l_margin, w=width, h=height)
        self.pdf.set_y(self.pdf.get_y())

    def panel(self, height: float) -> None:
        """A light background box from here, ``height`` mm tall, full width."""
        self.pdf.set_fill_color(*PANEL)
        self.pdf.rect(self.pdf.l_margin, self.pdf.get_y(), self.width, height, "F")

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    def close(self) -> None:
        """Let go of a document not written out (its font files stay open until
        :meth:`output` otherwise)."""
        for font in self.pdf.fonts.values():
            if hasattr(font, "close"):
                font.close()
