import { afterEach, describe, expect, test, vi } from "vitest";

import { heapLimitedExports } from "../server-memory";
import { IDLE_RELEASE_MS, streamCsvPages, type CsvColumn } from "./write-csv";

const columns: CsvColumn<number>[] = [{ header: "n", kind: "number", value: (row) => row }];

/** Rows per page: more than one 64 KiB chunk contains, so a stream of two pages takes several reads. */
const PAGE_ROWS = 20_000;

let pagesRead = 0;

async function* pages(count: number, failAt?: number): AsyncGenerator<number[]> {
  for (let page = 0; page < count; page++) {
    if (page === failAt) throw new Error("read failed");
    pagesRead++;
    yield Array.from({ length: PAGE_ROWS }, (_, index) => page * PAGE_ROWS + index);
  }
}

async function readRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    chunks.push(Buffer.from(value));
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("heap growth limit of CSV streams", () => {
  test("held from first read to end", async () => {
    const reader = streamCsvPages(columns, pages(3)).getReader();
    expect(heapLimitedExports()).toBe(0);
    const first = await reader.read();
    expect(heapLimitedExports()).toBe(1);
    const lines = (Buffer.from(first.value!).toString("utf8") + (await readRest(reader))).split("\r\n");
    expect(lines.length).toBe(3 * PAGE_ROWS + 2);
    expect(lines[0]).toBe("\uFEFFn");
    expect(lines[3 * PAGE_ROWS]).toBe(String(3 * PAGE_ROWS - 1));
    expect(heapLimitedExports()).toBe(0);
  });

  test("unread stream reads no rows", async () => {
    pagesRead = 0;
    streamCsvPages(columns, pages(3));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pagesRead).toBe(0);
    expect(heapLimitedExports()).toBe(0);
  });

  test("ends when the client cancels", async () => {
    const reader = streamCsvPages(columns, pages(3)).getReader();
    await reader.read();
    expect(heapLimitedExports()).toBe(1);
    await reader.cancel();
    expect(heapLimitedExports()).toBe(0);
  });

  test("ends when reading rows fails", async () => {
    const reader = streamCsvPages(columns, pages(3, 1)).getReader();
    await expect(readRest(reader)).rejects.toThrow("read failed");
    expect(heapLimitedExports()).toBe(0);
  });

  test("ends when the client stops reading", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const reader = streamCsvPages(columns, pages(2)).getReader();
    await reader.read();
    expect(heapLimitedExports()).toBe(1);
    vi.advanceTimersByTime(IDLE_RELEASE_MS);
    expect(heapLimitedExports()).toBe(0);
    await reader.read();
    expect(heapLimitedExports()).toBe(1);
    await readRest(reader);
    expect(heapLimitedExports()).toBe(0);
  });

  test("overlapping exports share one limit", async () => {
    const first = streamCsvPages(columns, pages(2)).getReader();
    const second = streamCsvPages(columns, pages(2)).getReader();
    await first.read();
    await second.read();
    expect(heapLimitedExports()).toBe(2);
    await readRest(first);
    expect(heapLimitedExports()).toBe(1);
    await readRest(second);
    expect(heapLimitedExports()).toBe(0);
  });
});
