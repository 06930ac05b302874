/**
 * CSV output for spreadsheets: UTF-8 with a byte-order mark so that Excel
 * reads non-ASCII names, RFC 4180 quoting by csv-stringify, and text cells
 * neutralised against formula injection.
 */
import { Readable } from "node:stream";

import { stringify } from "csv-stringify";

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * Returns text that a spreadsheet shows as typed: a cell that starts with a
 * formula trigger gets a leading apostrophe, as OWASP's CSV injection advice
 * recommends.
 */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]) ? `'${text}` : text;
}

export interface CsvColumn<Row> {
  header: string;
  /** "text" cells are neutralised; "number" and "time" cells are written as produced. */
  kind: "text" | "number" | "time";
  value: (row: Row) => string | number | null;
}

/** Streams rows as CSV; the rows are read lazily, one at a time. */
export function streamCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row> | AsyncIterable<Row>): ReadableStream<Uint8Array> {
  const records = (async function* () {
    for await (const row of rows) {
      yield columns.map((column) => {
        const value = column.value(row);
        if (value === null) return "";
        if (column.kind === "text") return neutraliseFormula(String(value));
        return value;
      });
    }
  })();

  const csv = Readable.from(records).pipe(
    stringify({ bom: true, header: true, columns: columns.map((column) => column.header), record_delimiter: "\r\n" }),
  );
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}

/** Builds a download response for a CSV stream. */
export function csvResponse(filename: string, body: ReadableStream<Uint8Array>): Response {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${safeName}"`,
      "cache-control": "no-store",
    },
  });
}
