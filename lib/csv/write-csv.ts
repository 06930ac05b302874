/**
 * CSV output for spreadsheets: UTF-8 with a byte-order mark so that Excel
 * reads non-ASCII names, RFC 4180 quoting with CRLF line ends, and text cells
 * neutralised against formula injection.
 */
import { limitHeapGrowth } from "../server-memory";

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

/** Streams rows as CSV; the rows are read lazily, as the client reads. */
export function streamCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row> | AsyncIterable<Row>): ReadableStream<Uint8Array> {
  return streamCsvPages(columns, pagesOf(rows, ROWS_PER_PAGE));
}

/**
 * Streams pages of rows as CSV. Each line is encoded into a buffer of
 * CHUNK_BYTES as soon as it is made, and a full buffer becomes one chunk of
 * the response. Rows are read only when the client has taken the previous
 * chunk (pull), so memory contains about one page and one chunk, whatever the
 * number of rows.
 *
 * The quoting is written here rather than taken from csv-stringify 6.9, which
 * allocated about 5 KB per row of the attendance CSV: on a 2-CPU server the
 * garbage of a million-row export grew the heap past 300 MiB
 * (bench/csv-export.ts, docs/benchmarks.md).
 */
export function streamCsvPages<Row>(columns: readonly CsvColumn<Row>[], pages: AsyncIterable<readonly Row[]>): ReadableStream<Uint8Array> {
  const source = pages[Symbol.asyncIterator]();
  let releaseHeapLimit: (() => void) | null = null;
  let idleTimer: NodeJS.Timeout | undefined;

  // The heap growth limit is held from the first read to the end of the stream. A client
  // that stops reading without the stream being cancelled (Next.js neither reads nor
  // cancels the body of a HEAD request, nor of a request whose client left before the
  // response began) releases it after IDLE_RELEASE_MS.
  const holdHeapLimit = () => {
    releaseHeapLimit ??= limitHeapGrowth();
    clearTimeout(idleTimer);
    idleTimer = setTimeout(dropHeapLimit, IDLE_RELEASE_MS).unref();
  };
  const dropHeapLimit = () => {
    clearTimeout(idleTimer);
    releaseHeapLimit?.();
    releaseHeapLimit = null;
  };
  /** The next line to write; it did not fit in the previous chunk, or it is the header. */
  let line: string | null = BOM + csvLine(columns.map((column) => column.header));
  let page: readonly Row[] = [];
  let index = 0;
  let finished = false;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        holdHeapLimit();
        try {
          await fillChunk(controller);
        } catch (error) {
          dropHeapLimit();
          throw error;
        }
      },
      async cancel() {
        dropHeapLimit();
        await source.return?.(undefined);
      },
    },
    // No read ahead: rows are read only when the client reads, so a body that is never
    // read (a HEAD request) queries nothing.
    { highWaterMark: 0 },
  );

  async function fillChunk(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    for (;;) {
      if (line === null) {
        if (index < page.length) {
          line = csvLine(csvRecord(columns, page[index++]));
        } else {
          const next = await source.next();
          if (next.done) {
            finished = true;
            break;
          }
          page = next.value;
          index = 0;
          continue;
        }
      }
      // A UTF-16 code unit takes at most 3 bytes in UTF-8, so a line that passes this check fits.
      if (used + line.length * 3 > CHUNK_BYTES) {
        if (used > 0) break;
        // A line longer than a chunk is sent alone.
        controller.enqueue(Buffer.from(line));
        line = null;
        return;
      }
      used += chunk.write(line, used);
      line = null;
    }
    if (used > 0) controller.enqueue(chunk.subarray(0, used));
    if (finished) {
      dropHeapLimit();
      controller.close();
    }
  }
}

const BOM = "\uFEFF";

/** Time without a read after which a stream releases the heap growth limit. */
export const IDLE_RELEASE_MS = 30_000;

/** Rows per page when streamCsv groups single rows. */
const ROWS_PER_PAGE = 500;

/** Size of the buffers that carry the response; each line is written into one as it is made. */
const CHUNK_BYTES = 64 * 1024;

/** Characters that make RFC 4180 put a field in double quotes. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Returns one CSV record with its CRLF line end; a field with a quote, comma or line break is quoted, its quotes doubled. */
export function csvLine(fields: readonly (string | number)[]): string {
  let line = "";
  for (let index = 0; index < fields.length; index++) {
    const text = String(fields[index]);
    if (index > 0) line += ",";
    line += NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
  return line + "\r\n";
}

function csvRecord<Row>(columns: readonly CsvColumn<Row>[], row: Row): (string | number)[] {
  return columns.map((column) => {
    const value = column.value(row);
    if (value === null) return "";
    if (column.kind === "text") return neutraliseFormula(String(value));
    return value;
  });
}

async function* pagesOf<Row>(rows: Iterable<Row> | AsyncIterable<Row>, size: number): AsyncGenerator<Row[]> {
  let page: Row[] = [];
  for await (const row of rows) {
    page.push(row);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
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
