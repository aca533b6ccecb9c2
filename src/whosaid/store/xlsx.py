"""A streaming XLSX writer for one sheet of plain values: rows go into the file as they come.

openpyxl builds a cell object for every value and writes about 50,000 cells a second; an export
of 200,000 statements (3.4 million cells) took over a minute. This writes the sheet's XML
directly: text as inline strings (never a formula, never a shared-strings table held in memory),
numbers as numbers, booleans as booleans, nothing for None; characters XML cannot hold become
U+FFFD. The first row is a header: frozen in place, with filters on every column, and the
columns as wide as the caller says. Callers neutralise formula-leading text first
(whosaid.store.exports.spreadsheet_cell): Excel would not run an inline string, but a user who
edits the cell would.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    _HEADER + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    _HEADER + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
    f'Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    _HEADER + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
    f'Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _column_letters(number: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(reference: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    text = escape(_NOT_XML.sub("\ufffd", str(value)))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _quoted_sheet(name: str) -> str:
    """A sheet name as a formula refers to it: in single quotes, its own quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


class XlsxWriter:
    """One sheet written to a binary stream: `append_rows` as often as needed, then `close`
    (or use it as a context manager)."""

    def __init__(self, handle: BinaryIO, sheet_name: str, widths: list[float]) -> None:
        """`widths`: each column's width, in characters."""
        self._archive = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._archive.writestr("_rels/.rels", _ROOT_RELS)
        self._archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._sheet_name = sheet_name[:31]
        self._sheet = self._archive.open("xl/worksheets/sheet1.xml", "w")
        frozen_header = (
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        )
        columns = "".join(
            f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
            for number, width in enumerate(widths, start=1)
        )
        self._sheet.write(
            f'{_HEADER}<worksheet xmlns="{_MAIN}">{frozen_header}<cols>{columns}</cols><sheetData>'.encode()
        )
        self._letters = [_column_letters(number) for number in range(len(widths))]
        self._rows = 0

    def append_rows(self, rows: Iterable[list[Any]]) -> None:
        parts = []
        for row in rows:
            self._rows += 1
            cells = "".join(_cell(f"{letter}{self._rows}", value) for letter, value in zip(self._letters, row))
            parts.append(f'<row r="{self._rows}">{cells}</row>')
        self._sheet.write("".join(parts).encode("utf-8"))

    def close(self) -> None:
        last_column, last_row = self._letters[-1], max(self._rows, 1)
        self._sheet.write(f'</sheetData><autoFilter ref="A1:{last_column}{last_row}"/></worksheet>'.encode())
        self._sheet.close()
        # Excel keeps a sheet's filter range under this hidden name.
        absolute = f"$A$1:${last_column}${last_row}"
        self._archive.writestr(
            "xl/workbook.xml",
            f'{_HEADER}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
            f'<sheet name={quoteattr(self._sheet_name)} sheetId="1" r:id="rId1"/></sheets><definedNames>'
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{escape(_quoted_sheet(self._sheet_name))}!{absolute}</definedName></definedNames></workbook>",
        )
        self._archive.close()

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
