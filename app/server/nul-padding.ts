import { Transform } from "node:stream";

/**
 * A pass-through for the HTML `renderToPipeableStream` streams that drops the NUL bytes React 18.3
 * leaves at the end of a chunk: when a multi-byte UTF-8 character does not fit at the end of its
 * 2,048-byte buffer, React flushes the whole buffer, unwritten bytes included (facebook/react#26228,
 * fixed in React 19). HTML has no NUL of its own to lose, and crawlers, mail and XML readers stop at one.
 * At most 3 bytes go per chunk (a character is at most 4 bytes long).
 */
export function withoutNulPadding(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end--;
      done(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
