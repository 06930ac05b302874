import { describe, expect, test } from "vitest";

import { heapLimitedExports } from "../server-memory";
import { streamCsvPages, type CsvColumn } from "./write-csv";

const columns: CsvColumn<number>[] = [{ header: "n", kind: "number", value: (row) => row }];

/** Rows per page: more than one 64 KiB chunk contains, so a stream of two pages takes several pulls. */
const PAGE_ROWS = 20_000;

async function* pages(count: number, failAt?: number): AsyncGenerator<number[]> {
  for (let page = 0; page < count; page++) {
    if (page === failAt) throw new Error("read failed");
    yield Array.from({ length: PAGE_ROWS }, (_, index) => page * PAGE_ROWS + index);
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return Buffer.from(await new Response(stream).arrayBuffer()).toString("utf8");
}

describe("heap growth limit of CSV streams", () => {
  test("holds while streaming, ends with the stream", async () => {
    const stream = streamCsvPages(columns, pages(3));
    expect(heapLimitedExports()).toBe(1);
    const lines = (await readAll(stream)).split("\r\n");
    expect(lines.length).toBe(3 * PAGE_ROWS + 2);
    expect(lines[0]).toBe("\uFEFFn");
    expect(lines[3 * PAGE_ROWS]).toBe(String(3 * PAGE_ROWS - 1));
    expect(heapLimitedExports()).toBe(0);
  });

  test("ends when the client cancels", async () => {
    const stream = streamCsvPages(columns, pages(3));
    const reader = stream.getReader();
    await reader.read();
    expect(heapLimitedExports()).toBe(1);
    await reader.cancel();
    expect(heapLimitedExports()).toBe(0);
  });

  test("ends when reading rows fails", async () => {
    const stream = streamCsvPages(columns, pages(3, 1));
    await expect(readAll(stream)).rejects.toThrow("read failed");
    expect(heapLimitedExports()).toBe(0);
  });

  test("overlapping exports share one limit", async () => {
    const first = streamCsvPages(columns, pages(2));
    const second = streamCsvPages(columns, pages(2));
    expect(heapLimitedExports()).toBe(2);
    await readAll(first);
    expect(heapLimitedExports()).toBe(1);
    await readAll(second);
    expect(heapLimitedExports()).toBe(0);
  });
});
