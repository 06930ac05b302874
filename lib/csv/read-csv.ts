/**
 * A small RFC 4180 reader for uploaded CSV files: quoted fields with doubled
 * quotes, CRLF or LF line ends, and a leading UTF-8 byte-order mark.
 */

/** Splits CSV text into records of fields; blank lines are skipped. Throws on an unterminated quote. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;

  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0] === "")) records.push(record);
    record = [];
    field = "";
  };

  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      endRecord();
      line++;
    } else field += char;
  }
  if (quoted) throw new Error(`unterminated quoted field that starts before line ${line}`);
  if (field !== "" || record.length > 0) endRecord();
  return records;
}
