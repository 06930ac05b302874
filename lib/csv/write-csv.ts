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

  // The stringifier emits one small chunk per row. Handing a million of them to the HTTP
  // response one by one made the download many times slower, so they leave in chunks of
  // about CHUNK_BYTES. Rows are read only when the client reads (pull), so memory stays bounded.
  const chunks = batchChunks(csv, CHUNK_BYTES)[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      csv.destroy();
      await chunks.return?.(undefined);
    },
  });
}

/** Size of the chunks that streamCsv hands to the response. */
const CHUNK_BYTES = 64 * 1024;

async function* batchChunks(source: AsyncIterable<Buffer>, minBytes: number): AsyncGenerator<Uint8Array> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const part of source) {
    parts.push(part);
    size += part.byteLength;
    if (size >= minBytes) {
      yield new Uint8Array(Buffer.concat(parts, size));
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield new Uint8Array(Buffer.concat(parts, size));
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
